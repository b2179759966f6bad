/** Pick, save and delete named views (filters + columns) of the people list. */
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonFilters } from '../api/people.ts';
import { loadViews, saveViews, type SavedView } from '../lib/saved-views.ts';

type Props = { filters: PersonFilters; columns: string[]; onApply: (view: SavedView) => void };

export function SavedViews({ filters, columns, onApply }: Props) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [views, setViews] = useState(loadViews);
  const [current, setCurrent] = useState<string | undefined>();

  const update = (next: SavedView[]) => {
    setViews(next);
    saveViews(next);
  };

  const save = () => {
    let name = current ?? '';
    modal.confirm({
      title: t('people.saveView'),
      icon: <SaveOutlined />,
      content: <Input autoFocus defaultValue={name} placeholder={t('people.viewName')} onChange={(event) => (name = event.target.value)} data-testid="view-name" />,
      onOk: () => {
        const trimmed = name.trim();
        if (!trimmed) return;
        update([...views.filter((v) => v.name !== trimmed), { name: trimmed, filters, columns }]);
        setCurrent(trimmed);
      },
    });
  };

  return (
    <Space.Compact>
      <Select
        allowClear
        placeholder={t('people.views')}
        value={current}
        style={{ width: 150 }}
        onChange={(name: string | undefined) => {
          setCurrent(name);
          const view = views.find((v) => v.name === name);
          if (view) onApply(view);
        }}
        options={views.map((v) => ({ value: v.name, label: v.name }))}
        data-testid="saved-views"
      />
      <Button icon={<SaveOutlined />} onClick={save} title={t('people.saveView')} data-testid="save-view" />
      <Button
        icon={<DeleteOutlined />}
        disabled={!current}
        title={t('people.deleteView')}
        onClick={() => {
          update(views.filter((v) => v.name !== current));
          setCurrent(undefined);
        }}
      />
    </Space.Compact>
  );
}

import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover } from 'antd';
import { useTranslation } from 'react-i18next';

type Props = { all: string[]; visible: string[]; onChange: (visible: string[]) => void; titles?: Record<string, string> };

export function ColumnChooser({ all, visible, onChange, titles = {} }: Props) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('people.columns')}
      content={
        <Checkbox.Group
          value={visible}
          // Keep the table's own column order whatever order the boxes were ticked in.
          onChange={(values) => onChange(all.filter((key) => values.includes(key) || key === 'name'))}
          style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }}
          options={all.map((key) => ({ value: key, label: titles[key] ?? t(`person.fields.${key}`), disabled: key === 'name' }))}
        />
      }
    >
      <Button icon={<SettingOutlined />} data-testid="column-chooser">{t('people.columns')}</Button>
    </Popover>
  );
}

/**
 * Pick, save and delete named views (filters, sort, columns) of the people list, kept on the server per user and
 * optionally shared with one of the user's teams. A team's shared views are applied like one's own but only their
 * creator changes them.
 */
import { DeleteOutlined, SaveOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap } from '../../../api/client.ts';
import { useMe } from '../../auth/api/session.ts';
import type { PersonFilters } from '../api/people.ts';
import { moveLocalViews, useDeleteView, useSaveView, useSavedViews, type SavedView } from '../api/views.ts';

/** The "moved N views" note is shown once per page load, not again on every visit to the list. */
let movedAnnounced = false;

type Props = { filters: PersonFilters; columns: string[]; onApply: (filters: PersonFilters, columns: string[]) => void };

export function SavedViews({ filters, columns, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const [currentId, setCurrentId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const current = views.data?.find((v) => v.id === currentId);

  useEffect(() => {
    void moveLocalViews().then((moved) => {
      if (moved > 0 && !movedAnnounced) message.success(t('peopleList.viewsMoved', { count: moved }));
      movedAnnounced = true;
    }, () => undefined);
  }, [message, t]);

  return (
    <Space.Compact>
      <Select
        allowClear
        placeholder={t('people.views')}
        value={current ? current.id : undefined}
        loading={views.isPending}
        style={{ width: 150 }}
        onChange={(id: string | undefined) => {
          setCurrentId(id);
          const view = views.data?.find((v) => v.id === id);
          if (view) onApply({ ...(view.filters as PersonFilters), sort: view.sort ?? 'name' }, view.columns);
        }}
        options={(views.data ?? []).map((v) => ({ value: v.id, label: v.mine ? v.name : <span><TeamOutlined /> {v.name}</span>, title: v.name }))}
        data-testid="saved-views"
      />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} title={t('people.saveView')} data-testid="save-view" />
      <Tooltip title={current && !current.mine ? t('peopleList.viewOwnerOnly') : t('people.deleteView')}>
        <Button
          icon={<DeleteOutlined />}
          disabled={!current?.mine}
          loading={remove.isPending}
          onClick={() => current && remove.mutate(current, { onSuccess: () => setCurrentId(undefined), onError: () => message.error(t('common.error')) })}
          data-testid="delete-view"
        />
      </Tooltip>
      {saving && (
        <SaveViewDialog
          initial={current?.mine ? current : undefined}
          pending={save.isPending}
          onCancel={() => setSaving(false)}
          onSave={(name, teamId) => {
            const { sort, ...rest } = filters;
            // Saving under the name of one of your views replaces it; another name makes a new one.
            const existing = views.data?.find((v) => v.mine && v.name === name);
            const input = { name, teamId, filters: rest as Record<string, string | string[]>, sort: sort ?? null, columns };
            save.mutate(
              { input, ...(existing ? { existing } : {}) },
              {
                onSuccess: (view) => {
                  setCurrentId(view.id);
                  setSaving(false);
                  message.success(t('peopleList.viewSaved'));
                },
                onError: (error) => message.error(isApiError(error) ? error.message : t('common.error')),
              },
            );
          }}
        />
      )}
    </Space.Compact>
  );
}

function SaveViewDialog({ initial, pending, onCancel, onSave }: { initial: SavedView | undefined; pending: boolean; onCancel: () => void; onSave: (name: string, teamId: string | null) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<{ name: string; teamId: string | null }>();
  const teams = useQuery({ queryKey: ['teams'], queryFn: async () => unwrap(await api.GET('/api/v1/teams')).items });
  const mine = (teams.data ?? []).filter((team) => me.data && team.memberIds.includes(me.data.id));
  return (
    <Modal open title={t('people.saveView')} okText={t('common.save')} confirmLoading={pending} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: initial?.name ?? '', teamId: initial?.teamId ?? null }} onFinish={(values) => onSave(values.name.trim(), values.teamId ?? null)}>
        <Form.Item name="name" label={t('people.viewName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 80 }]}>
          <Input autoFocus data-testid="view-name" />
        </Form.Item>
        <Form.Item name="teamId" label={t('peopleList.sharedWith')}>
          <Select allowClear placeholder={t('peopleList.notShared')} options={mine.map((team) => ({ value: team.id, label: team.name }))} disabled={mine.length === 0} data-testid="view-team" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Someone else saved the person while this user was editing (412). For every field the user changed, show their
 * value beside the one now on the server and let them choose; nothing they typed is lost until they choose.
 */
import { Alert, Button, Modal, Radio, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person, PersonPatch } from '../../../api/client.ts';
import { toFormValues, toPayload, type EditableField } from '../lib/person-form.ts';

export type Conflict = { mine: PersonPatch; server: Person };
type Choice = 'mine' | 'theirs';

type Props = { conflict: Conflict; saving: boolean; onKeep: (patch: PersonPatch) => void; onReload: () => void };

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(show).join(', ');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('number' in v) return String(v.number);
    if ('address' in v) return String(v.address);
    return Object.values(v).filter((x) => x !== null && x !== undefined && x !== '').map(show).join(' ');
  }
  return String(value);
}

export function ConflictDialog({ conflict, saving, onKeep, onReload }: Props) {
  const { t } = useTranslation();
  const fields = Object.keys(conflict.mine) as EditableField[];
  const current = toPayload(toFormValues(conflict.server), conflict.server);
  const [choices, setChoices] = useState<Record<string, Choice>>(() => Object.fromEntries(fields.map((f) => [f, 'mine'])));

  const merged = Object.fromEntries(fields.filter((f) => choices[f] === 'mine').map((f) => [f, conflict.mine[f]])) as PersonPatch;
  const label = (f: EditableField) => t(`person.fields.${f === 'addresses' ? 'address' : f}`);

  return (
    <Modal
      open
      closable={false}
      mask={{ closable: false }}
      width={720}
      title={t('conflict.title')}
      data-testid="conflict-dialog"
      footer={[
        <Button key="reload" onClick={onReload} data-testid="conflict-reload">{t('conflict.reload')}</Button>,
        <Button key="keep" type="primary" loading={saving} onClick={() => (Object.keys(merged).length > 0 ? onKeep(merged) : onReload())} data-testid="conflict-keep">
          {t('conflict.saveMerged')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t('conflict.explain', { version: conflict.server.version })} style={{ marginBottom: 12 }} />
      <Table
        size="small"
        pagination={false}
        rowKey="field"
        scroll={{ x: 520 }}
        dataSource={fields.map((field) => ({ field }))}
        columns={[
          { key: 'field', title: t('conflict.field'), width: 110, render: (_: unknown, row: { field: EditableField }) => label(row.field) },
          {
            key: 'mine',
            title: t('conflict.mine'),
            render: (_: unknown, row: { field: EditableField }) => (
              <Radio checked={choices[row.field] === 'mine'} onChange={() => setChoices({ ...choices, [row.field]: 'mine' })} data-testid={`conflict-mine-${row.field}`}>
                <Typography.Text mark={choices[row.field] === 'mine'}>{show(conflict.mine[row.field])}</Typography.Text>
              </Radio>
            ),
          },
          {
            key: 'theirs',
            title: t('conflict.theirs'),
            render: (_: unknown, row: { field: EditableField }) => (
              <Radio checked={choices[row.field] === 'theirs'} onChange={() => setChoices({ ...choices, [row.field]: 'theirs' })} data-testid={`conflict-theirs-${row.field}`}>
                <Typography.Text mark={choices[row.field] === 'theirs'}>{show(current[row.field])}</Typography.Text>
              </Radio>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('conflict.hint')}</Typography.Paragraph>
    </Modal>
  );
}

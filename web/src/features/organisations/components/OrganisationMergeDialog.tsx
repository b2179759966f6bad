/**
 * "Merge a duplicate…" on the organisation page: search for the other record of the same company (name, pinyin,
 * 简/繁, phone, e-mail), see what would move to this one and which empty fields it would fill in (the server runs
 * the merge and rolls it back, so the preview is what will happen), confirm. This organisation stays; the other is
 * kept as merged, and the merge can be undone from the list of merges.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Schemas } from '../../../api/client.ts';
import { Rows } from '../../../components/Rows.tsx';
import { useMergeOrganisation, useMergePreview, useOrganisationSearch } from '../api/organisations.ts';
import { fieldsText, movedText } from '../lib/merge-labels.ts';

type Organisation = Schemas['Organisation'];

export function OrganisationMergeDialog({ organisation, onClose }: { organisation: Organisation; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [other, setOther] = useState<{ id: string; name: string }>();
  const search = useOrganisationSearch(query);
  const preview = useMergePreview(organisation.id, other?.id);
  const merge = useMergeOrganisation();

  const confirm = async () => {
    if (!other) return;
    try {
      const result = await merge.mutateAsync({ survivorId: organisation.id, survivorVersion: organisation.version, duplicateId: other.id });
      message.success(t('orgMerge.done', { name: other.name, moved: Object.keys(result.moved).length ? movedText(t, i18n.language, result.moved) : t('orgMerge.nothingMoved') }));
      onClose();
    } catch (error) {
      message.error(isApiError(error, 412) ? t('orgMerge.stale') : isApiError(error) ? error.message : t('common.error'));
    }
  };

  const results = (search.data ?? []).filter((o) => o.id !== organisation.id);
  return (
    <Modal
      open
      width="min(720px, calc(100vw - 16px))"
      title={t('orgMerge.title', { name: organisation.name })}
      onCancel={onClose}
      footer={other ? [
        <Button key="back" icon={<ArrowLeftOutlined />} onClick={() => setOther(undefined)}>{t('orgMerge.back')}</Button>,
        <Button key="ok" type="primary" danger disabled={!preview.data} loading={merge.isPending} onClick={() => void confirm()} data-testid="confirm-organisation-merge">{t('orgMerge.confirm')}</Button>,
      ] : null}
      data-testid="organisation-merge-dialog"
    >
      {!other ? (
        <>
          <Input.Search autoFocus allowClear placeholder={t('orgMerge.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="organisation-merge-search" />
          <Typography.Text type="secondary" style={{ display: 'block', margin: '8px 0' }}>{t('orgMerge.searchHint')}</Typography.Text>
          {query.trim() && (
            <Rows
              rows={results.map((o) => ({
                key: o.id,
                title: o.name,
                description: [o.legalName, o.phones[0]?.original, o.website].filter(Boolean).join(' · '),
                extra: <Button size="small" onClick={() => setOther({ id: o.id, name: o.name })} data-testid="organisation-merge-candidate">{t('orgMerge.choose')}</Button>,
              }))}
            />
          )}
        </>
      ) : (
        <div data-testid="organisation-merge-preview">
          <p>{t('orgMerge.previewLead', { duplicate: other.name, survivor: organisation.name })}</p>
          {preview.isPending && <Spin />}
          {preview.error && <Alert type="error" showIcon message={isApiError(preview.error) ? preview.error.message : t('common.error')} />}
          {preview.data && (
            <ul style={{ paddingLeft: 20 }}>
              <li>{Object.keys(preview.data.moved).length ? t('orgMerge.moves', { moved: movedText(t, i18n.language, preview.data.moved) }) : t('orgMerge.nothingMoved')}</li>
              <li>{preview.data.fieldsTaken.length ? t('orgMerge.fills', { fields: fieldsText(t, i18n.language, preview.data.fieldsTaken) }) : t('orgMerge.fillsNothing')}</li>
              <li>{t('orgMerge.kept', { name: other.name })}</li>
            </ul>
          )}
          <Typography.Text type="secondary">{t('orgMerge.rule')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}

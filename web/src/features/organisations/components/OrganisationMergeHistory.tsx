/**
 * An organisation's merges, newest first, each with un-merge. Un-merge puts back exactly what the merge moved and
 * filled in; when a later change makes that impossible the server refuses (409) and says what changed, shown as is.
 */
import { App, Button, Card, Tag, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { useUsers } from '../../settings/api/settings.ts';
import { useOrganisationMerges, useUnmergeOrganisation, type OrganisationMerge } from '../api/organisations.ts';
import { fieldsText, movedText } from '../lib/merge-labels.ts';

export function OrganisationMergeHistory({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const merges = useOrganisationMerges(organisationId);
  const users = useUsers();
  const unmerge = useUnmergeOrganisation();
  const items = merges.data ?? [];
  if (items.length === 0) return null;

  const who = (id: string | null) => users.data?.find((u) => u.id === id)?.displayName ?? t('orgMerge.someone');
  const nameOf = (name: string | null, id: string) => name ?? t('orgMerge.hidden', { id: id.slice(-6) });
  const confirm = (record: OrganisationMerge) => {
    modal.confirm({
      title: t('orgMerge.unmergeTitle'),
      okText: t('orgMerge.unmerge'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-organisation-unmerge' } as ButtonProps,
      content: (
        <div data-testid="organisation-unmerge-restores">
          <p>{t('orgMerge.unmergeLead', { name: nameOf(record.duplicateName, record.duplicateId), time: format.dateTime(record.mergedAt) })}</p>
          <ul style={{ paddingLeft: 20 }}>
            {Object.keys(record.moved).length > 0 && <li>{t('orgMerge.movesBack', { moved: movedText(t, i18n.language, record.moved) })}</li>}
            {record.fieldsTaken.length > 0 && <li>{t('orgMerge.fieldsBack', { fields: fieldsText(t, i18n.language, record.fieldsTaken) })}</li>}
          </ul>
          <Typography.Text type="secondary">{t('orgMerge.unmergeExact')}</Typography.Text>
        </div>
      ),
      onOk: async () => {
        try {
          await unmerge.mutateAsync(record.id);
          message.success(t('orgMerge.undone'));
          if (record.duplicateId === organisationId) navigate(`/organisations/${record.duplicateId}`);
        } catch (error) {
          message.error(isApiError(error, 409) ? t('orgMerge.cannotUndo', { why: error.message }) : isApiError(error) ? error.message : t('common.error'), 8);
        }
      },
    });
  };

  return (
    <Card size="small" title={t('orgMerge.historyTitle')} style={{ marginTop: 12 }} data-testid="organisation-merge-history">
      <Rows
        rows={items.map((record) => ({
          key: record.id,
          title: (
            <span data-testid="organisation-merge-record">
              {record.survivorId === organisationId
                ? t('orgMerge.absorbed', { name: nameOf(record.duplicateName, record.duplicateId) })
                : <>{t('orgMerge.mergedInto')} <Link to={`/organisations/${record.survivorId}`}>{nameOf(record.survivorName, record.survivorId)}</Link></>}
              {record.undoneAt && <Tag style={{ marginLeft: 6 }}>{t('orgMerge.undoneTag')}</Tag>}
            </span>
          ),
          description: (
            <>
              {t('orgMerge.when', { time: format.dateTime(record.mergedAt), name: who(record.mergedBy) })}
              {record.undoneAt ? ` · ${t('orgMerge.undoneWhen', { time: format.dateTime(record.undoneAt), name: who(record.undoneBy) })}` : ''}
              {Object.keys(record.moved).length > 0 && <div>{movedText(t, i18n.language, record.moved)}</div>}
            </>
          ),
          extra: record.undoneAt ? undefined : <Button size="small" danger onClick={() => confirm(record)} data-testid="organisation-unmerge">{t('orgMerge.unmerge')}</Button>,
        }))}
      />
    </Card>
  );
}

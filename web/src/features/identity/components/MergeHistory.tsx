/**
 * A person's merges, newest first, each with un-merge: the confirmation says what comes back — the other person
 * as a customer of their own, with the source records and relations the merge moved (and nothing added since).
 */
import { App, Button, List, Tag, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useUsers } from '../../settings/api/settings.ts';
import { usePersonMerges, usePersonTouchpoints, useUnmerge, type MergeRecord } from '../api/identity.ts';
import { listOf, sourceLabel } from '../lib/labels.ts';


export function MergeHistory({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const merges = usePersonMerges(personId);
  const users = useUsers();
  const unmerge = useUnmerge();
  const items = merges.data ?? [];
  if (items.length === 0) return null;

  const who = (id: string | null) => users.data?.find((u) => u.id === id)?.displayName ?? t('identity.history.someone');
  const confirm = (record: MergeRecord) => {
    const survivorHere = record.survivorId === personId;
    modal.confirm({
      title: t('identity.history.confirmTitle'),
      okText: t('identity.history.unmerge'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-unmerge' } as ButtonProps,
      content: <UnmergeRestores survivorId={record.survivorId} record={record} />,
      onOk: async () => {
        try {
          await unmerge.mutateAsync(record.id);
          // The other person exists again: offer the way to them (or go there, when they were the page's own). A button,
          // not a Link: messages render outside the router.
          if (survivorHere) message.success(<span data-testid="unmerged-message">{t('identity.merge.undone')} <Button size="small" type="link" onClick={() => navigate(`/people/${record.mergedId}`)} data-testid="open-restored">{t('identity.history.openRestored')}</Button></span>, 8);
          else navigate(`/people/${record.mergedId}`);
        } catch (error) {
          message.error(isApiError(error) ? error.message : t('common.error'));
        }
      },
    });
  };

  return (
    <div style={{ marginTop: 12 }} data-testid="merge-history">
      <Typography.Text strong>{t('identity.history.title')}</Typography.Text>
      <List
        size="small"
        dataSource={items}
        renderItem={(record) => (
          <List.Item
            data-testid="merge-record"
            actions={record.undoneAt ? [] : [<Button key="undo" size="small" danger onClick={() => confirm(record)} data-testid="unmerge">{t('identity.history.unmerge')}</Button>]}
          >
            <div>
              <div>
                {record.survivorId === personId
                  ? <AbsorbedName record={record} />
                  : <>{t('identity.history.mergedInto')} <Link to={`/people/${record.survivorId}`}>{t('identity.history.survivorLink')}</Link></>}
                {record.undoneAt && <Tag style={{ marginLeft: 6 }}>{t('identity.history.undoneTag')}</Tag>}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('identity.history.when', { time: format.dateTime(record.mergedAt), name: who(record.mergedBy) })}
                {record.undoneAt ? ` · ${t('identity.history.undoneWhen', { time: format.dateTime(record.undoneAt), name: who(record.undoneBy) })}` : ''}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}

/**
 * What un-merge will put back, from the merge's own record of what it moved (GET /people/{id}/merges): the source
 * records (named from the survivor's list, where they are now), related data and other modules' records, per kind.
 */
function UnmergeRestores({ survivorId, record }: { survivorId: string; record: MergeRecord }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const sources = usePersonTouchpoints(survivorId);
  const kindName = (kind: string) => t(`identity.recordKind.${kind}`, { defaultValue: kind });
  const { moved, restores } = record;
  const listed = new Set(moved?.touchpoints.ids ?? []);
  const back = sources.data?.items.filter((item) => listed.has(item.id)) ?? [];
  const counts = moved
    ? [...Object.entries(moved.relations), ...Object.entries(moved.records)].map(([kind, { count }]) => t('identity.history.countRecords', { count, kind: kindName(kind) }))
    : [];
  return (
    <div data-testid="unmerge-restores">
      <p>{t('identity.history.restores', { time: format.dateTime(record.mergedAt) })}</p>
      <ul style={{ paddingLeft: 20 }}>
        <li>{record.mergedName ? t('identity.history.restorePersonNamed', { name: record.mergedName }) : t('identity.history.restorePerson')}</li>
        {moved && restores ? (
          <>
            <li>
              {t('identity.history.countSources', { count: restores.touchpoints })}
              {back.map((item) => (
                <div key={item.id} style={{ fontSize: 12, color: '#8c8c8c' }} data-testid="unmerge-source">
                  {sourceLabel(t, item.source)} · {item.raw.name ?? item.raw[Object.keys(item.raw)[0] ?? ''] ?? ''} · {format.dateTime(item.receivedAt)}
                </div>
              ))}
            </li>
            {counts.length > 0 && <li>{listOf(i18n.language, counts)}</li>}
          </>
        ) : <li>{t('identity.history.restoreMoved')}</li>}
        {(restores?.reviewPairs ?? 1) > 0 && <li>{t('identity.history.restoreQueue')}</li>}
      </ul>
      <Typography.Text type="secondary">{t('identity.history.keepsNew')}</Typography.Text>
      {(restores?.recordsAtMost ?? 0) > 0 && <div><Typography.Text type="secondary">{t('identity.history.reassignedStay')}</Typography.Text></div>}
    </div>
  );
}

/** Whom a merge absorbed: their name when the caller may see them, else the end of their id. */
function AbsorbedName({ record }: { record: MergeRecord }) {
  const { t } = useTranslation();
  return <>{record.mergedName ? t('identity.history.absorbedNamed', { name: record.mergedName }) : t('identity.history.absorbed', { id: record.mergedId.slice(-6) })}</>;
}

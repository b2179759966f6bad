/** Everything that happened with a customer, newest first, from the engagement module's timeline. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client.ts';
import { useFormat } from '../i18n/format.ts';

type Props = { subject: 'person' | 'organisation'; id: string };

export function Timeline({ subject, id }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = useInfiniteQuery({
    queryKey: [subject === 'person' ? 'people' : 'organisations', 'one', id, 'timeline'],
    queryFn: async ({ pageParam, signal }) => {
      const params = { path: { id }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } };
      return subject === 'person'
        ? unwrap(await api.GET('/api/v1/people/{id}/timeline', { params, signal }))
        : unwrap(await api.GET('/api/v1/organisations/{id}/timeline', { params, signal }));
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={t('slots.timeline.title')} loading={entries.isPending} data-testid="timeline">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={entries.isError ? t('common.error') : t('timeline.empty')} />
      ) : (
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((entry) => (
            <li key={entry.eventId} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Tag>{t(`timeline.kind.${entry.kind}`, { defaultValue: entry.kind })}</Tag>
              {/* The server's summary is English; known event types read in the UI language, others fall back to it. */}
              <span>{t(`timeline.event.${entry.eventType.replace(/\./g, '_')}`, { defaultValue: entry.summary })}</span>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{format.dateTime(entry.occurredAt)}</Typography.Text></div>
            </li>
          ))}
        </ol>
      )}
      {entries.hasNextPage && <Button type="link" block loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>{t('timeline.more')}</Button>}
    </Card>
  );
}

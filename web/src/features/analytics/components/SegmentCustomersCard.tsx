/**
 * The customers of the segment chosen on the dashboard, highest monetary first, each linking to their 360 page,
 * with their scores and the segment they were in a period earlier; more on request (the API pages by cursor).
 */
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { useSegmentCustomers, type Period } from '../api/analytics.ts';
import { formatMoney } from '../lib/money.ts';
import { segmentColor, segmentLabel, TIER_COLORS, type Segment, type Tier } from '../lib/segments.ts';

type Props = { segment: Segment; period: Period; onClose: () => void };

export function SegmentCustomersCard({ segment, period, onClose }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useSegmentCustomers(segment, period);
  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const currency = pages[0]?.currency ?? '';
  type Item = (typeof items)[number];
  return (
    <Card
      size="small"
      title={t('analytics.segmentList.title', { segment: segmentLabel(t, segment) })}
      data-testid="segment-customers"
      extra={<Button size="small" type="text" onClick={onClose} aria-label={t('analytics.segmentList.close')}>×</Button>}
    >
      {list.isError && <Alert type="error" showIcon title={t('analytics.loadFailed')} description={list.error.message} />}
      <Table<Item>
        size="small"
        rowKey="customerId"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('analytics.segmentList.empty') }}
        columns={[
          {
            key: 'name',
            title: t('analytics.segmentList.customer'),
            fixed: 'left',
            render: (_, i) => <Link to={i.kind === 'organisation' ? `/organisations/${i.customerId}` : `/people/${i.customerId}`}>{i.name}</Link>,
          },
          { key: 'monetary', title: t('analytics.segmentList.monetary'), align: 'right', render: (_, i) => formatMoney(format, i.monetary, currency) },
          { key: 'orders', title: t('analytics.segmentList.orders'), align: 'right', render: (_, i) => format.number(i.frequency) },
          { key: 'recency', title: t('analytics.segmentList.recency'), align: 'right', render: (_, i) => format.number(i.recencyDays) },
          { key: 'scores', title: t('analytics.segmentList.scores'), align: 'center', render: (_, i) => `${i.r} · ${i.f} · ${i.m}` },
          {
            key: 'previous',
            title: t('analytics.segmentList.previous'),
            render: (_, i) => (i.previousSegment ? <Tag color={segmentColor(i.previousSegment)}>{segmentLabel(t, i.previousSegment)}</Tag> : <Typography.Text type="secondary">{t('analytics.segmentList.new')}</Typography.Text>),
          },
          { key: 'tier', title: t('analytics.segmentList.tier'), render: (_, i) => <Tag color={TIER_COLORS[i.tier as Tier]}>{t(`analytics.tiers.${i.tier}`)}</Tag> },
        ]}
      />
      {list.hasNextPage && (
        <Button size="small" style={{ marginTop: 8 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="segment-customers-more">
          {t('analytics.segmentList.more')}
        </Button>
      )}
    </Card>
  );
}

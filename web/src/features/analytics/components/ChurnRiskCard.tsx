/** Customers most at risk of leaving, ranked by the value at risk, each linking to their 360 page. */
import { Card, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { joinList } from '../lib/lists.ts';
import { formatMoney, formatPercent } from '../lib/money.ts';
import { SEGMENTS, segmentColor, segmentLabel } from '../lib/segments.ts';
import type { SignalItem, Signals } from '../lib/view.ts';

type Props = { data: Signals | undefined; loading: boolean; segment: string | null; onSegment: (segment: string | null) => void };

export function ChurnRiskCard({ data, loading, segment, onSegment }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const items = (data?.items ?? []).filter((i) => !segment || i.segment === segment);
  const reason = (item: SignalItem) =>
    joinList(i18n.language, item.churn.map((s) => (s.kind === 'rhythm'
        ? t('analytics.signals.rhythmShort', { ratio: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(s.ratio) })
        : s.kind === 'p-alive'
          ? t('analytics.signals.pAliveShort', { current: formatPercent(i18n.language, s.current) })
          : t('analytics.signals.segmentShort', { to: segmentLabel(t, s.to) }))));
  return (
    <Card
      size="small"
      title={segment ? t('analytics.dashboard.churnRiskIn', { segment: segmentLabel(t, segment) }) : t('analytics.dashboard.churnRisk')}
      data-testid="churn-risk"
      extra={
        // The same choice as clicking a bar of the segment chart, for the keyboard and for screen readers.
        <Select<string>
          size="small"
          allowClear
          value={segment ?? undefined}
          onChange={(value) => onSegment(value ?? null)}
          placeholder={t('analytics.dashboard.allSegments')}
          aria-label={t('analytics.dashboard.segment')}
          style={{ minWidth: 130 }}
          data-testid="churn-segment"
          options={SEGMENTS.map((s) => ({ value: s, label: segmentLabel(t, s) }))}
        />
      }
    >
      <Table<SignalItem>
        size="small"
        rowKey="personId"
        loading={loading}
        pagination={false}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: segment ? t('analytics.dashboard.noRiskInSegment') : t('analytics.dashboard.noRisk') }}
        columns={[
          { key: 'name', title: t('analytics.dashboard.customer'), fixed: 'left', render: (_, i) => <Link to={`/people/${i.personId}`}>{i.name}</Link> },
          { key: 'segment', title: t('analytics.dashboard.segment'), render: (_, i) => (i.segment ? <Tag color={segmentColor(i.segment)}>{segmentLabel(t, i.segment)}</Tag> : '—') },
          { key: 'score', title: t('analytics.dashboard.valueAtRisk'), align: 'right', render: (_, i) => formatMoney(format, i.score, data?.currency ?? '') },
          { key: 'pAlive', title: t('analytics.person.pAlive'), align: 'right', render: (_, i) => (i.probabilityAlive === null ? '—' : formatPercent(i18n.language, i.probabilityAlive)) },
          { key: 'why', title: t('analytics.dashboard.why'), render: (_, i) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{reason(i)}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

/** Value tiers: how many customers in each, and the revenue, profit and expected value they hold. */
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import type { ChartOption } from '../lib/echarts.ts';
import { clvUnavailableText } from '../lib/clv-unavailable.ts';
import { formatMoney } from '../lib/money.ts';
import { TIER_COLORS, TIERS, type Tier } from '../lib/segments.ts';
import type { Segments } from '../lib/view.ts';
import { EChart } from './EChart.tsx';

type Row = Segments['valueTiers'][number];

export function TierCard({ data, currency }: { data: Segments; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = useMemo(() => [...data.valueTiers].sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier)), [data.valueTiers]);
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // Names in the legend, counts beside the slices: both stay whole on a 390 px screen.
    legend: { bottom: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '44%'],
        label: { formatter: '{c}', fontSize: 12 },
        data: rows.filter((r) => r.customers > 0).map((r) => ({ name: t(`analytics.tiers.${r.tier}`), value: r.customers, itemStyle: { color: TIER_COLORS[r.tier as Tier] } })),
      },
    ],
  }), [rows, t]);
  const money = (n: number) => formatMoney(format, n, currency);

  return (
    <Card size="small" title={t('analytics.dashboard.tiers')} data-testid="value-tiers">
      {rows.every((r) => r.customers === 0) ? (
        <Typography.Text type="secondary">{t('analytics.dashboard.noCustomers')}</Typography.Text>
      ) : (
        <>
          <EChart option={option} height={220} testId="tier-chart" ariaLabel={t('analytics.dashboard.tiers')} />
          <Table<Row>
            size="small"
            rowKey="tier"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'tier', title: t('analytics.dashboard.tier'), render: (_, r) => <Tag color={TIER_COLORS[r.tier]}>{t(`analytics.tiers.${r.tier}`)}</Tag> },
              { key: 'customers', title: t('analytics.dashboard.customers'), align: 'right', render: (_, r) => format.number(r.customers) },
              { key: 'profit', title: t('analytics.value.profit'), align: 'right', render: (_, r) => money(r.profit) },
              { key: 'clv', title: t('analytics.value.clv'), align: 'right', render: (_, r) => money(r.clv) },
            ]}
          />
          {data.clvUnavailable && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              title={t('analytics.dashboard.clvMissing', { reason: clvUnavailableText(t, data.clvUnavailable, format.number) })}
              data-testid="clv-unavailable"
              data-code={data.clvUnavailable.code}
            />
          )}
        </>
      )}
    </Card>
  );
}

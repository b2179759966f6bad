/** Customers per RFM segment, most valuable first; clicking a bar picks that segment for the lists below. */
import { Card, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartOption } from '../lib/echarts.ts';
import { formatPercent } from '../lib/money.ts';
import { segmentColor, segmentLabel, segmentRank } from '../lib/segments.ts';
import type { Segments } from '../lib/view.ts';
import { EChart } from './EChart.tsx';

type Props = { data: Segments; selected: string | null; onSelect: (segment: string | null) => void };

export function SegmentDistributionCard({ data, selected, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const rows = useMemo(() => [...data.segments].sort((a, b) => segmentRank(a.segment) - segmentRank(b.segment)), [data.segments]);
  const option = useMemo<ChartOption>(() => {
    // Horizontal bars: long segment names stay readable on a phone, and the best segment sits on top.
    const ordered = [...rows].reverse();
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const row = ordered[(p as { dataIndex: number }).dataIndex];
          return row ? `${segmentLabel(t, row.segment)}<br/>${t('analytics.dashboard.customersCount', { count: row.customers })} · ${formatPercent(i18n.language, row.share, 1)}` : '';
        },
      },
      xAxis: { type: 'value', show: false },
      // triggerEvent: a segment's name is as good a click target as its bar.
      yAxis: { type: 'category', data: ordered.map((r) => segmentLabel(t, r.segment)), axisLabel: { fontSize: 12 }, triggerEvent: true },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: ordered.map((r) => ({
            value: r.customers,
            itemStyle: { color: segmentColor(r.segment), opacity: selected && selected !== r.segment ? 0.35 : 1 },
          })),
          label: { show: true, position: 'right', formatter: (p: unknown) => String((p as { value: number }).value) },
        },
      ],
    };
  }, [rows, selected, t, i18n.language]);

  return (
    <Card
      size="small"
      title={t('analytics.dashboard.segments')}
      extra={<Typography.Text type="secondary">{t('analytics.dashboard.customersCount', { count: data.customers })}</Typography.Text>}
      data-testid="segment-distribution"
    >
      {data.customers === 0 ? (
        <Typography.Text type="secondary">{t('analytics.dashboard.noCustomers')}</Typography.Text>
      ) : (
        <>
          <EChart
            option={option}
            height={rows.length * 26 + 16}
            testId="segment-chart"
            ariaLabel={t('analytics.dashboard.segments')}
            onClick={(event) => {
              const ordered = [...rows].reverse();
              const row = event.componentType === 'yAxis' ? ordered.find((r) => segmentLabel(t, r.segment) === event.value) : ordered[event.dataIndex];
              if (row) onSelect(row.segment === selected ? null : row.segment);
            }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('analytics.dashboard.segmentsHint')}</Typography.Text>
        </>
      )}
    </Card>
  );
}

/** R, F and M scores per period on one chart; a marker where the customer moved to another segment. */
import { Card, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { escapeHtml, type ChartOption } from '../lib/echarts.ts';
import { segmentColor, segmentLabel, segmentRank } from '../lib/segments.ts';
import { periodLabel, segmentChanges, type Granularity } from '../lib/rfm.ts';
import type { RfmHistoryPoint } from '../lib/view.ts';
import { EChart } from './EChart.tsx';

type Props = { points: RfmHistoryPoint[]; granularity: Granularity; onGranularity: (g: Granularity) => void; loading?: boolean };

export function RfmTrendCard({ points, granularity, onGranularity, loading }: Props) {
  const { t } = useTranslation();
  const changes = useMemo(() => segmentChanges(points), [points]);
  const periodAt = (index: number) => periodLabel(points[index]?.periodStart ?? '', granularity);

  const option = useMemo<ChartOption>(() => {
    const segmentName = (s: string) => escapeHtml(segmentLabel(t, s));
    const periods = points.map((p) => periodLabel(p.periodStart, granularity));
    const score = (key: 'r' | 'f' | 'm') => points.map((p) => p[key]);
    return {
      // Room above the top score for the segment-change pins, below the legend.
      grid: { left: 28, right: 12, top: 56, bottom: 28 },
      legend: { top: 0, itemWidth: 14, data: [t('analytics.RFM.r'), t('analytics.RFM.f'), t('analytics.RFM.m')] },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const rows = params as Array<{ dataIndex: number; seriesName: string; value: number; marker: string }>;
          const point = points[rows[0]?.dataIndex ?? 0];
          if (!point) return '';
          return [`<b>${periodLabel(point.periodStart, granularity)}</b> · ${segmentName(point.segment)}`, ...rows.map((r) => `${r.marker}${r.seriesName}: ${r.value}`)].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: periods, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 1, max: 5, interval: 1 },
      series: [
        {
          name: t('analytics.RFM.r'), type: 'line', data: score('r'), symbolSize: 5,
          // The segment changes ride on the R line: recency is what moves a customer between most segments.
          markPoint: {
            symbol: 'pin',
            symbolSize: 34,
            data: changes.map((c) => {
              const worse = segmentRank(c.to) > segmentRank(c.from);
              return {
                name: segmentLabel(t, c.to),
                coord: [c.index, (points[c.index] as RfmHistoryPoint).r],
                value: worse ? '↓' : '↑',
                itemStyle: { color: segmentColor(c.to) },
                tooltip: { formatter: `${periods[c.index] ?? ''}: ${segmentName(c.from)} → ${segmentName(c.to)}` },
              };
            }),
          },
        },
        { name: t('analytics.RFM.f'), type: 'line', data: score('f'), symbolSize: 5 },
        { name: t('analytics.RFM.m'), type: 'line', data: score('m'), symbolSize: 5 },
      ],
    };
  }, [points, changes, granularity, t]);

  return (
    <Card
      size="small"
      title={t('analytics.person.rfmTrend')}
      loading={loading}
      extra={
        <Segmented<Granularity>
          size="small"
          value={granularity}
          onChange={onGranularity}
          options={[{ value: 'month', label: t('analytics.person.byMonth') }, { value: 'week', label: t('analytics.person.byWeek') }]}
        />
      }
      data-testid="rfm-trend"
    >
      {points.length === 0 ? (
        <Typography.Text type="secondary">{t('analytics.person.noHistory')}</Typography.Text>
      ) : (
        <>
          <EChart option={option} height={240} testId="rfm-trend-chart" ariaLabel={t('analytics.person.rfmTrend')} />
          {changes.length > 0 && (
            <ul className="gx-analytics-changes" data-testid="segment-changes">
              {changes.slice(-3).map((c) => (
                <li key={c.index}>
                  {t('analytics.person.segmentChange', { period: periodAt(c.index), from: segmentLabel(t, c.from), to: segmentLabel(t, c.to) })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

/**
 * Segment migration between two periods: from (rows) × to (columns), darker where more customers moved. Cells on
 * the diagonal stayed; below it they climbed, above it they slipped (segments run from best to worst).
 */
import { Card, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { HEAT_COLORS, type ChartOption } from '../lib/echarts.ts';
import { segmentLabel, segmentRank } from '../lib/segments.ts';
import type { Segments } from '../lib/view.ts';
import type { Period } from '../api/analytics.ts';
import { EChart } from './EChart.tsx';

const NEW = '__new__';

type Props = { data: Segments; period: Period; onPeriod: (p: Period) => void };

export function MigrationCard({ data, period, onPeriod }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const migration = data.migration;

  const option = useMemo<ChartOption | null>(() => {
    if (!migration) return null;
    const cells = migration.cells.filter((c) => c.customers > 0);
    const byRank = (a: string, b: string) => segmentRank(a) - segmentRank(b);
    const to = [...new Set(cells.map((c) => c.to))].sort(byRank);
    const from = [...new Set(cells.map((c) => c.from ?? NEW))].sort((a, b) => (a === NEW ? 1 : b === NEW ? -1 : byRank(a, b)));
    const label = (s: string) => (s === NEW ? t('analytics.dashboard.newInPeriod') : segmentLabel(t, s));
    const max = Math.max(1, ...cells.map((c) => c.customers));
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        formatter: (p: unknown) => {
          const [x, y, n] = (p as { value: [number, number, number] }).value;
          return t('analytics.dashboard.migrationTip', { from: label(from[y] ?? ''), to: label(to[x] ?? ''), count: n });
        },
      },
      xAxis: { type: 'category', data: to.map(label), name: '', axisLabel: { rotate: 40, fontSize: 11, interval: 0 }, splitArea: { show: true } },
      // Best segment at the top, like the distribution chart.
      yAxis: { type: 'category', data: from.map(label), inverse: true, axisLabel: { fontSize: 11, interval: 0 }, splitArea: { show: true } },
      visualMap: { min: 0, max, show: false, inRange: { color: HEAT_COLORS } },
      series: [
        {
          type: 'heatmap',
          data: cells.map((c) => [to.indexOf(c.to), from.indexOf(c.from ?? NEW), c.customers]),
          label: { show: true, fontSize: 11 },
        },
      ],
    };
  }, [migration, t]);

  return (
    <Card
      size="small"
      title={t('analytics.dashboard.migration')}
      extra={
        <Segmented<Period>
          size="small"
          value={period}
          onChange={onPeriod}
          options={[{ value: 'month', label: t('analytics.dashboard.monthOverMonth') }, { value: 'week', label: t('analytics.dashboard.weekOverWeek') }]}
        />
      }
      data-testid="migration"
    >
      {!migration || !option ? (
        <Typography.Text type="secondary">{t('analytics.dashboard.noMigration')}</Typography.Text>
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('analytics.dashboard.migrationRange', { from: format.date(migration.from), to: format.date(migration.to) })}
          </Typography.Text>
          <EChart option={option} height={360} minWidth={480} testId="migration-chart" ariaLabel={t('analytics.dashboard.migration')} />
        </>
      )}
    </Card>
  );
}

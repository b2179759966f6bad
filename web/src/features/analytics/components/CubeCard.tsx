/**
 * Sales by region and season (or another column dimension) from the cube, as a heat map or a pivot table, for a
 * period and a measure. Clicking a province drills down to its cities; the breadcrumb climbs back.
 */
import { Breadcrumb, Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { useCube, type CubeRequest } from '../api/analytics.ts';
import { escapeHtml, HEAT_COLORS, type ChartOption } from '../lib/echarts.ts';
import { formatMoney } from '../lib/money.ts';
import { PERIOD_PRESETS, periodRange, type PeriodPreset } from '../lib/periods.ts';
import type { Cube, CubeDimension, CubeMeasure } from '../lib/view.ts';
import { EChart } from './EChart.tsx';
import { FiguresNote } from './FiguresNote.tsx';

const COLUMN_CHOICES = ['time.season', 'time.quarter', 'time.year', 'product.category', 'channel'] as const satisfies readonly CubeDimension[];
type ColumnChoice = (typeof COLUMN_CHOICES)[number];

const MEASURES: readonly CubeMeasure[] = ['amount', 'quantity', 'orders', 'customers'];

type PivotRow = { key: string; label: string; values: Map<string, number>; total: number };

export function CubeCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const [preset, setPreset] = useState<PeriodPreset>('all');
  const [measure, setMeasure] = useState<CubeMeasure>('amount');
  const { from, to } = useMemo(() => periodRange(preset, new Date()), [preset]);
  const [province, setProvince] = useState<string | null>(null);
  const [columns, setColumns] = useState<ColumnChoice>('time.season');
  const [view, setView] = useState<'heatmap' | 'pivot'>('heatmap');
  const request: CubeRequest = {
    rows: province ? 'region.city' : 'region.province',
    columns,
    measure,
    from,
    to,
    filters: province ? { 'region.province': province } : {},
  };
  const cube = useCube(request);
  // Stable callbacks: the chart option is rebuilt (and re-animated) only when what it shows changes.
  // The amounts are in the currency the answer names (lines in others are left out and counted, see below).
  const currency = cube.data?.currency ?? null;
  const show = useCallback((n: number) => (measure === 'amount' && currency ? formatMoney(format, n, currency) : format.number(n)), [measure, format, currency]);
  const columnLabel = useCallback(
    (key: string, label: string) => (columns === 'time.season' ? t(`analytics.seasons.${key}`, { defaultValue: label }) : columns === 'channel' ? t(`analytics.channels.${key}`, { defaultValue: label }) : label),
    [columns, t],
  );
  const drill = useCallback((rowKey: string | undefined) => {
    if (rowKey) setProvince(rowKey);
  }, []);

  return (
    <Card
      size="small"
      title={t('analytics.dashboard.cube')}
      data-testid="cube"
      extra={
        <Segmented<'heatmap' | 'pivot'>
          size="small"
          value={view}
          onChange={setView}
          options={[{ value: 'heatmap', label: t('analytics.dashboard.heatmap') }, { value: 'pivot', label: t('analytics.dashboard.pivot') }]}
          data-testid="cube-view"
        />
      }
    >
      <Space wrap style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Breadcrumb
          data-testid="cube-breadcrumb"
          items={[
            { title: province ? <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setProvince(null)}>{t('analytics.dashboard.allRegions')}</Button> : t('analytics.dashboard.allRegions') },
            ...(province ? [{ title: province }] : []),
          ]}
        />
        <Space wrap size={4}>
          <FilterSelect<PeriodPreset> value={preset} onChange={setPreset} minWidth={110} label={t('analytics.dashboard.period')} testId="period-filter" options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`analytics.periods.${p}`) }))} />
          <FilterSelect<CubeMeasure> value={measure} onChange={setMeasure} label={t('analytics.dashboard.measure')} testId="measure-filter" options={MEASURES.map((m) => ({ value: m, label: t(`analytics.measures.${m}`) }))} />
          <FilterSelect<ColumnChoice> value={columns} onChange={setColumns} label={t('analytics.dashboard.columnsBy')} testId="columns-filter" options={COLUMN_CHOICES.map((c) => ({ value: c, label: t(`analytics.dimensions.${c.replace('.', '_')}`) }))} />
        </Space>
      </Space>
      {cube.isError ? (
        <Typography.Text type="danger">{cube.error.message}</Typography.Text>
      ) : !cube.data ? (
        <div style={{ height: 240 }} />
      ) : cube.data.rowKeys.length === 0 ? (
        <Typography.Text type="secondary">{t('analytics.dashboard.noSales')}</Typography.Text>
      ) : view === 'heatmap' ? (
        <CubeHeatmap cube={cube.data} show={show} columnLabel={columnLabel} onRow={province ? undefined : drill} />
      ) : (
        <CubePivot cube={cube.data} show={show} columnLabel={columnLabel} onRow={province ? undefined : drill} />
      )}
      {!province && cube.data && cube.data.rowKeys.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('analytics.dashboard.drillHint')}</Typography.Text>
      )}
      {cube.data && <FiguresNote excludedLines={cube.data.excludedLines} currency={cube.data.currency} />}
    </Card>
  );
}

type FilterSelectProps<T extends string> = { value: T; onChange: (value: T) => void; options: { value: T; label: string }[]; label: string; testId: string; minWidth?: number };

/** One of the card's small filter drop-downs: labelled for screen readers and findable by tests. */
function FilterSelect<T extends string>({ value, onChange, options, label, testId, minWidth = 90 }: FilterSelectProps<T>) {
  return <Select<T> size="small" value={value} onChange={onChange} style={{ minWidth }} aria-label={label} data-testid={testId} options={options} />;
}

type ViewProps = { cube: Cube; show: (n: number) => string; columnLabel: (key: string, label: string) => string; onRow?: (rowKey: string | undefined) => void };

function CubeHeatmap({ cube, show, columnLabel, onRow }: ViewProps) {
  const { t, i18n } = useTranslation();
  const drillable = onRow !== undefined;
  const option = useMemo<ChartOption>(() => {
    const rowIndex = new Map(cube.rowKeys.map((k, i) => [k.key, i]));
    const columnIndex = new Map(cube.columnKeys.map((k, i) => [k.key, i]));
    const max = Math.max(1, ...cube.cells.map((c) => c.value));
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        formatter: (p: unknown) => {
          const [x, y, v] = (p as { value: [number, number, number] }).value;
          const row = cube.rowKeys[y];
          const column = cube.columnKeys[x];
          return `${escapeHtml(row?.label ?? '')} · ${escapeHtml(column ? columnLabel(column.key, column.label) : '')}<br/>${escapeHtml(show(v))}`;
        },
      },
      xAxis: { type: 'category', position: 'top', data: cube.columnKeys.map((k) => columnLabel(k.key, k.label)), axisLabel: { interval: 0, fontSize: 11 }, splitArea: { show: true } },
      // triggerEvent: the province's name is a drill-down target too, not only its cells.
      yAxis: { type: 'category', inverse: true, data: cube.rowKeys.map((k) => k.label), axisLabel: { interval: 0, fontSize: 11 }, splitArea: { show: true }, triggerEvent: drillable },
      visualMap: { min: 0, max, show: false, inRange: { color: HEAT_COLORS } },
      series: [
        {
          type: 'heatmap',
          data: cube.cells.flatMap((c) => {
            const x = columnIndex.get(c.column);
            const y = rowIndex.get(c.row);
            return x === undefined || y === undefined ? [] : [[x, y, c.value]];
          }),
          label: { show: cube.columnKeys.length <= 6, fontSize: 10, formatter: (p: unknown) => compact(i18n.language, (p as { value: [number, number, number] }).value[2]) },
        },
      ],
    };
  }, [cube, show, columnLabel, i18n.language, drillable]);
  return (
    <EChart
      option={option}
      height={Math.max(200, cube.rowKeys.length * 28 + 40)}
      minWidth={cube.columnKeys.length > 6 ? cube.columnKeys.length * 56 + 100 : undefined}
      testId="cube-chart"
      ariaLabel={t('analytics.dashboard.cube')}
      onClick={onRow ? (event) => onRow(event.componentType === 'yAxis' ? cube.rowKeys.find((k) => k.label === event.value)?.key : cube.rowKeys[(event.value as [number, number, number])[1]]?.key) : undefined}
    />
  );
}

/** 12345.6 → "1.2万" or "12K": heat-map cells are small; the tooltip and the pivot table show the exact figure. */
function compact(locale: string, value: number): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

function CubePivot({ cube, show, columnLabel, onRow }: ViewProps) {
  const { t } = useTranslation();
  const rows = useMemo<PivotRow[]>(() => {
    const totals = new Map(cube.rowTotals.map((r) => [r.key, r.value]));
    return cube.rowKeys.map((k) => ({
      key: k.key,
      label: k.label,
      values: new Map(cube.cells.filter((c) => c.row === k.key).map((c) => [c.column, c.value])),
      total: totals.get(k.key) ?? 0,
    }));
  }, [cube]);
  const columnTotals = new Map(cube.columnTotals.map((c) => [c.key, c.value]));
  return (
    <Table<PivotRow>
      size="small"
      className="gx-analytics-pivot"
      data-testid="cube-pivot"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content', y: 420 }}
      columns={[
        {
          key: 'row', title: t('analytics.dashboard.region'), fixed: 'left',
          // Drilling changes this card, not the URL: a button, not a link.
          render: (_, r) => (onRow ? <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onRow(r.key)}>{r.label}</Button> : r.label),
        },
        ...cube.columnKeys.map((c) => ({
          key: c.key, title: columnLabel(c.key, c.label), align: 'right' as const, className: 'gx-heat',
          render: (_: unknown, r: PivotRow) => show(r.values.get(c.key) ?? 0),
        })),
        { key: 'total', title: t('analytics.dashboard.total'), align: 'right', render: (_, r) => <b>{show(r.total)}</b> },
      ]}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><b>{t('analytics.dashboard.total')}</b></Table.Summary.Cell>
            {cube.columnKeys.map((c, i) => (
              <Table.Summary.Cell key={c.key} index={i + 1} align="right">{show(columnTotals.get(c.key) ?? 0)}</Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={cube.columnKeys.length + 1} align="right"><b data-testid="cube-total">{show(cube.total)}</b></Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

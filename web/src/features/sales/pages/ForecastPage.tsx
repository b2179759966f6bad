/**
 * /forecast — the weighted pipeline (amount × stage probability) of open opportunities by expected-close month,
 * grouped by owner or team if wanted. Sums are the server's, exact to the cent, per currency.
 */
import { useQuery } from '@tanstack/react-query';
import { Result, Segmented, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useUsers } from '../../settings/api/settings.ts';
import { useForecast, usePipelines, type ForecastGrouping } from '../api/sales.ts';
import { money } from '../lib/money.ts';
import '../sales.css';

const GROUPINGS: ForecastGrouping[] = ['month', 'owner', 'team', 'month_owner', 'month_team'];

export function ForecastPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const groupBy = (GROUPINGS as string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as ForecastGrouping) : 'month';
  const pipeline = params.get('pipeline') ?? undefined;
  const forecast = useForecast({ groupBy, ...(pipeline ? { pipeline } : {}) });
  const pipelines = usePipelines();
  const users = useUsers();
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/teams', { signal })).items,
    enabled: groupBy.endsWith('team'),
    staleTime: 5 * 60_000,
  });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const monthName = (month: string | null) => (month ? new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`)) : t('sales.forecast.noMonth'));
  const rows = forecast.data?.rows ?? [];
  const top = Math.max(1, ...rows.map((r) => Number(r.weighted)));

  if (forecast.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('sales.forecast.title')}</Typography.Title>
        <Select
          style={{ width: 160 }}
          value={pipeline ?? ''}
          onChange={(v) => set('pipeline', v || undefined)}
          options={[{ value: '', label: t('sales.forecast.allPipelines') }, ...(pipelines.data ?? []).map((p) => ({ value: p.key, label: t(`sales.pipeline.${p.key}`, { defaultValue: p.name }) }))]}
        />
        <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
          <Segmented value={groupBy} onChange={(v) => set('groupBy', String(v))} options={GROUPINGS.map((g) => ({ value: g, label: t(`sales.forecast.by.${g}`) }))} data-testid="forecast-grouping" />
        </div>
      </div>
      {forecast.data && <Typography.Paragraph type="secondary">{t('sales.forecast.range', { from: monthName(forecast.data.from.slice(0, 7)), to: monthName(forecast.data.to.slice(0, 7)) })}</Typography.Paragraph>}
      <Table
        data-testid="forecast-table"
        size="small"
        loading={forecast.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey={(r) => `${r.month}-${r.ownerId}-${r.teamId}-${r.currency}`}
        dataSource={rows}
        columns={[
          ...(groupBy.startsWith('month') ? [{ key: 'month', title: t('sales.forecast.month'), render: (_: unknown, r: (typeof rows)[number]) => monthName(r.month) }] : []),
          ...(groupBy.endsWith('owner') ? [{ key: 'owner', title: t('sales.forecast.owner'), render: (_: unknown, r: (typeof rows)[number]) => (r.ownerId ? users.data?.find((u) => u.id === r.ownerId)?.displayName ?? '—' : t('sales.forecast.unassigned')) }] : []),
          ...(groupBy.endsWith('team') ? [{ key: 'team', title: t('sales.forecast.team'), render: (_: unknown, r: (typeof rows)[number]) => (r.teamId ? teams.data?.find((x) => x.id === r.teamId)?.name ?? '—' : t('sales.forecast.noTeam')) }] : []),
          { key: 'count', title: t('sales.forecast.count'), align: 'right' as const, render: (_: unknown, r: (typeof rows)[number]) => format.number(r.count) },
          { key: 'amount', title: t('sales.forecast.amount'), align: 'right' as const, render: (_: unknown, r: (typeof rows)[number]) => money(format, r.amount, r.currency) },
          {
            key: 'weighted',
            title: t('sales.forecast.weighted'),
            align: 'right' as const,
            render: (_: unknown, r: (typeof rows)[number]) => (
              <div style={{ minWidth: 140 }}>
                <div>{money(format, r.weighted, r.currency)}</div>
                {/* A bar in proportion to the largest row: the shape of the pipeline at a glance. */}
                <div aria-hidden style={{ height: 4, background: '#b8322a', opacity: 0.7, borderRadius: 2, width: `${(Number(r.weighted) / top) * 100}%`, marginLeft: 'auto' }} />
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}

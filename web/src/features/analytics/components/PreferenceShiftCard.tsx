/** Customers whose buying mix moved most (category, channel or region), with the change that moved it. */
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPercent } from '../lib/money.ts';
import { segmentColor, segmentLabel } from '../lib/segments.ts';
import type { SignalItem, Signals } from '../lib/view.ts';

type Props = { data: Signals | undefined; loading: boolean };
type Change = SignalItem['preferences'][number]['changes'][number];

/** The largest share change, and of two equally large the rising one: what the customer buys now is the lead. */
export function headline(changes: readonly Change[]): Change | undefined {
  const top = Math.abs(changes[0]?.delta ?? 0);
  return changes.find((c) => c.delta > 0 && Math.abs(c.delta) >= top - 1e-9) ?? changes[0];
}

export function PreferenceShiftCard({ data, loading }: Props) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(n);
  // The dimension that moved most, and within it the share that moved most: one line a manager can act on.
  const strongest = (item: SignalItem) => [...item.preferences].filter((p) => p.shifted).sort((a, b) => b.divergence - a.divergence)[0];
  const items = (data?.items ?? []).filter((item) => strongest(item));
  return (
    <Card size="small" title={t('analytics.dashboard.preferenceShifts')} data-testid="preference-shifts">
      <Table<SignalItem>
        size="small"
        rowKey="personId"
        loading={loading}
        pagination={false}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('analytics.dashboard.noShifts') }}
        columns={[
          { key: 'name', title: t('analytics.dashboard.customer'), fixed: 'left', render: (_, i) => <Link to={`/people/${i.personId}`}>{i.name}</Link> },
          { key: 'segment', title: t('analytics.dashboard.segment'), render: (_, i) => (i.segment ? <Tag color={segmentColor(i.segment)}>{segmentLabel(t, i.segment)}</Tag> : '—') },
          { key: 'divergence', title: t('analytics.dashboard.divergence'), align: 'right', render: (_, i) => number(strongest(i)?.divergence ?? 0) },
          {
            key: 'what', title: t('analytics.dashboard.whatChanged'),
            render: (_, i) => {
              const shift = strongest(i);
              const change = headline(shift?.changes ?? []);
              if (!shift || !change) return '—';
              const key = shift.dimension === 'channel' ? t(`analytics.channels.${change.key}`, { defaultValue: change.key }) : change.key;
              return (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('analytics.dashboard.shiftLine', {
                    dimension: t(`analytics.dimensions.${shift.dimension}`),
                    change: t(change.delta > 0 ? 'analytics.signals.shareUp' : 'analytics.signals.shareDown', { key, from: formatPercent(i18n.language, change.baselineShare), to: formatPercent(i18n.language, change.recentShare) }),
                  })}
                </Typography.Text>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

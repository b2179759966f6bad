/**
 * The analytics part of the customer 360 page — value tier, RFM trend, lifetime value, signals, cross-sell — as
 * one lazily loaded piece, so the person page's own chunk never carries ECharts.
 */
import { Alert, Card, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { usePersonAnalytics, type Period } from '../api/analytics.ts';
import '../analytics.css';
import { ClvCard } from './ClvCard.tsx';
import { CrossSellCard } from './CrossSellCard.tsx';
import { FiguresNote } from './FiguresNote.tsx';
import { RfmTrendCard } from './RfmTrendCard.tsx';
import { SignalsCard } from './SignalsCard.tsx';
import { ValueTierCard } from './ValueTierCard.tsx';

export function PersonAnalytics({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('month');
  const analytics = usePersonAnalytics(personId, period);

  if (analytics.isPending) return <Card size="small"><Skeleton active paragraph={{ rows: 4 }} /></Card>;
  if (analytics.isError) {
    // A 404 here means the person is gone or hidden; the page itself already says so.
    if (isApiError(analytics.error, 404)) return null;
    return <Alert type="error" showIcon title={t('analytics.loadFailed')} description={analytics.error.message} data-testid="analytics-error" />;
  }
  const data = analytics.data;
  const currency = data.currency;
  return (
    <div className="gx-analytics-stack" data-testid="person-analytics">
      {data.orders === 0 && (
        <Alert type="info" showIcon title={t('analytics.person.noOrdersTitle')} description={t('analytics.person.noOrdersExplained')} data-testid="analytics-empty" />
      )}
      <ValueTierCard value={data.value} currency={currency} />
      <ClvCard clv={data.clv} unavailable={data.clvUnavailable} currency={currency} />
      {data.orders > 0 && (
        <>
          <RfmTrendCard points={data.history} granularity={period} onGranularity={setPeriod} loading={analytics.isFetching && analytics.isPlaceholderData} />
          <SignalsCard churn={data.churn} preferences={data.preferences} />
          <CrossSellCard suggestions={data.crossSell} />
        </>
      )}
      <div>
        <FiguresNote asOf={data.asOf} derivedAt={data.derivedAt} excludedLines={data.excludedLines} currency={data.currency} />
      </div>
    </div>
  );
}

/**
 * The manager's dashboard: who the customers are (RFM segments, value tiers), how they moved since the last
 * period, where and when the sales came from (region × season, with drill-down), and who is about to leave.
 * Segments and tiers are a snapshot as of the store's latest day; the sales card has its own period and measure.
 */
import { Alert, Card, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSegments, useSignals, type Period } from '../api/analytics.ts';
import '../analytics.css';
import { ChurnRiskCard } from '../components/ChurnRiskCard.tsx';
import { CubeCard } from '../components/CubeCard.tsx';
import { FiguresNote } from '../components/FiguresNote.tsx';
import { MigrationCard } from '../components/MigrationCard.tsx';
import { PreferenceShiftCard } from '../components/PreferenceShiftCard.tsx';
import { SegmentCustomersCard } from '../components/SegmentCustomersCard.tsx';
import { isSegment } from '../lib/segments.ts';
import { SegmentDistributionCard } from '../components/SegmentDistributionCard.tsx';
import { TierCard } from '../components/TierCard.tsx';

export function DashboardPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('month');
  const [segment, setSegment] = useState<string | null>(null);
  const segments = useSegments(period);
  const churn = useSignals('churn', 100);
  const preference = useSignals('preference', 25);

  return (
    <div className="gx-page" data-testid="dashboard">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('analytics.dashboard.title')}</Typography.Title>
        {segments.data && (
          <div>
            <FiguresNote asOf={segments.data.asOf} derivedAt={segments.data.derivedAt} excludedLines={segments.data.excludedLines} currency={segments.data.currency} />
          </div>
        )}
      </Space>
      {segments.isError && <Alert type="error" showIcon title={t('analytics.loadFailed')} description={segments.error.message} style={{ marginBottom: 12 }} />}
      <div className="gx-analytics-grid">
        {segments.isPending && <Card size="small"><Skeleton active paragraph={{ rows: 6 }} /></Card>}
        {segments.isPending && <Card size="small"><Skeleton active paragraph={{ rows: 6 }} /></Card>}
        {segments.data && <SegmentDistributionCard data={segments.data} selected={segment} onSelect={setSegment} />}
        {segments.data && <TierCard data={segments.data} currency={segments.data.currency} />}
        <CubeCard />
        {segments.data && <MigrationCard data={segments.data} period={period} onPeriod={setPeriod} />}
      </div>
      {segment && isSegment(segment) && (
        <div style={{ marginTop: 12 }}>
          <SegmentCustomersCard segment={segment} period={period} onClose={() => setSegment(null)} />
        </div>
      )}
      <div style={{ marginTop: 12 }}>
        <ChurnRiskCard data={churn.data} loading={churn.isPending} segment={segment} onSegment={setSegment} />
      </div>
      <div style={{ marginTop: 12 }}>
        <PreferenceShiftCard data={preference.data} loading={preference.isPending} />
      </div>
    </div>
  );
}

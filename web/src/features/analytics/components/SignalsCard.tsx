/** Churn warnings and a shift in what the customer buys, each sentence carrying the numbers behind it. */
import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../lib/money.ts';
import { segmentLabel } from '../lib/segments.ts';
import type { ChurnSignalView, PreferenceView } from '../lib/view.ts';

type Props = { churn: ChurnSignalView[]; preferences: PreferenceView[] };

export function SignalsCard({ churn, preferences }: Props) {
  const { t, i18n } = useTranslation();
  const number = (n: number, digits = 0) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(n);
  const percent = (n: number) => formatPercent(i18n.language, n);

  const sentence = (signal: ChurnSignalView): string => {
    switch (signal.kind) {
      case 'rhythm':
        return t('analytics.signals.rhythm', { days: number(signal.recencyDays), ratio: number(signal.ratio, 1), gap: number(signal.typicalGapDays), purchases: signal.purchases });
      case 'p-alive':
        return t('analytics.signals.pAlive', { previous: percent(signal.previous), current: percent(signal.current), drop: number(signal.drop * 100) });
      case 'segment':
        return t('analytics.signals.segment', { from: segmentLabel(t, signal.from), to: segmentLabel(t, signal.to), steps: signal.steps });
    }
  };

  // A clear shift first; a dimension without one still says so, with its number, so silence is not mistaken for no data.
  const ordered = [...preferences].sort((a, b) => Number(b.shifted) - Number(a.shifted) || b.divergence - a.divergence);
  const keyLabel = (dimension: string, key: string) => (dimension === 'channel' ? t(`analytics.channels.${key}`, { defaultValue: key }) : key);
  return (
    <Card size="small" title={t('analytics.person.signals')} data-testid="signals">
      {churn.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="no-churn">{t('analytics.signals.none')}</Typography.Paragraph>
      ) : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('analytics.signals.churnTitle')}
          description={<ul className="gx-analytics-signals" data-testid="churn-signals">{churn.map((s) => <li key={s.kind}>{sentence(s)}</li>)}</ul>}
        />
      )}
      {ordered.map((preference) => {
        const words = { dimension: t(`analytics.dimensions.${preference.dimension}`), divergence: number(preference.divergence, 2), recent: number(preference.recentTotal), baseline: number(preference.baselineTotal), recentFrom: preference.recent.from, baselineFrom: preference.baseline.from };
        return (
          <div key={preference.dimension} data-testid={`preference-${preference.dimension}`} style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('analytics.signals.preferenceTitle', words)}</Typography.Text>
            <Typography.Paragraph style={{ margin: '4px 0' }}>
              {t(preference.shifted ? 'analytics.signals.shifted' : 'analytics.signals.notShifted', words)}
            </Typography.Paragraph>
            {preference.shifted && (
              <ul className="gx-analytics-signals">
                {preference.changes.slice(0, 3).map((c) => (
                  <li key={c.key}>
                    {t(c.delta > 0 ? 'analytics.signals.shareUp' : 'analytics.signals.shareDown', { key: keyLabel(preference.dimension, c.key), from: percent(c.baselineShare), to: percent(c.recentShare) })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </Card>
  );
}

/** What to offer next: products bought together with what this customer already has, each with the rule behind it. */
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { joinList } from '../lib/lists.ts';
import { formatPercent } from '../lib/money.ts';
import type { SuggestionView } from '../lib/view.ts';

export function CrossSellCard({ suggestions }: { suggestions: SuggestionView[] }) {
  const { t, i18n } = useTranslation();
  const lift = (n: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(n);
  return (
    <Card size="small" title={t('analytics.person.crossSell')} data-testid="cross-sell">
      {suggestions.length === 0 ? (
        <Typography.Text type="secondary">{t('analytics.person.noSuggestions')}</Typography.Text>
      ) : (
        <ul className="gx-analytics-signals" data-testid="cross-sell-items">
          {suggestions.map((s) => (
            <li key={s.productId}>
              <Typography.Text strong>{s.name}</Typography.Text>
              <div style={{ fontSize: 12, color: '#595959' }}>
                {t('analytics.person.because', { items: joinList(i18n.language, s.because.map((b) => b.name)), confidence: formatPercent(i18n.language, s.confidence), lift: lift(s.lift) })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

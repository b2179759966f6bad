/**
 * The customer's value tier and how it was reached: revenue (already net of discounts) less what serving them cost
 * — returns, service, commissions — is their profit so far; plus the expected future value (CLV) is what the tiers
 * rank by.
 */
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { formatMoney } from '../lib/money.ts';
import { TIER_COLORS } from '../lib/segments.ts';
import type { ValueView } from '../lib/view.ts';

export function ValueTierCard({ value, currency }: { value: ValueView | null; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!value) {
    return (
      <Card size="small" title={t('analytics.person.valueTier')} data-testid="value-tier">
        <Typography.Text type="secondary">{t('analytics.person.noOrders')}</Typography.Text>
      </Card>
    );
  }
  const money = (n: number) => formatMoney(format, n, currency);
  const costs = [['returns', value.returns], ['serviceCost', value.serviceCost], ['commissions', value.commissions]] as const;
  return (
    <Card
      size="small"
      title={t('analytics.person.valueTier')}
      extra={<Tag color={TIER_COLORS[value.tier]} data-testid="value-tier-badge">{t(`analytics.tiers.${value.tier}`)}</Tag>}
      data-testid="value-tier"
    >
      <table className="gx-analytics-breakdown">
        <tbody>
          <tr><th>{t('analytics.value.revenue')}</th><td data-testid="value-revenue">{money(value.revenue)}</td></tr>
          <tr className="gx-analytics-note"><th>{t('analytics.value.discounts')}</th><td>{money(value.discounts)}</td></tr>
          {costs.map(([key, amount]) => (
            <tr key={key}><th>− {t(`analytics.value.${key}`)}</th><td>{money(amount)}</td></tr>
          ))}
          <tr className="gx-analytics-subtotal"><th>= {t('analytics.value.profit')}</th><td data-testid="value-profit">{money(value.profit)}</td></tr>
          <tr><th>+ {t('analytics.value.clv')}</th><td>{money(value.clv)}</td></tr>
          <tr className="gx-analytics-total"><th>= {t('analytics.value.total')}</th><td>{money(value.value)}</td></tr>
        </tbody>
      </table>
    </Card>
  );
}

/** Lifetime value: expected purchases in the next 90 and 365 days, the probability the customer is still active, CLV. */
import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { formatMoney, formatPercent } from '../lib/money.ts';
import { clvUnavailableText } from '../lib/clv-unavailable.ts';
import type { ClvUnavailableView, ClvView } from '../lib/view.ts';

/** `unavailable`: why there is no lifetime value although the customer has bought (the API's code and numbers). */
export function ClvCard({ clv, unavailable, currency }: { clv: ClvView | null; unavailable: ClvUnavailableView | null; currency: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const decimals = (n: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(n);
  return (
    <Card size="small" title={t('analytics.person.clv')} data-testid="clv-card">
      {!clv && unavailable ? (
        <Typography.Text type="secondary" data-testid="clv-unavailable" data-code={unavailable.code}>{clvUnavailableText(t, unavailable, format.number)}</Typography.Text>
      ) : !clv ? (
        <Typography.Text type="secondary">{t('analytics.person.clvNotYet')}</Typography.Text>
      ) : (
        <>
          <Row gutter={[8, 8]}>
            <Col span={12}>
              <Statistic title={t('analytics.person.clvValue')} value={formatMoney(format, clv.clv, currency)} styles={{ content: { fontSize: 20, color: '#b8322a' } }} data-testid="clv-value" />
            </Col>
            <Col span={12}>
              <div className="ant-statistic-title" style={{ color: '#8c8c8c', fontSize: 14 }}>{t('analytics.person.pAlive')}</div>
              <Progress percent={Math.round(clv.probabilityAlive * 100)} size="small" strokeColor={clv.probabilityAlive < 0.5 ? '#d48a1f' : '#3f8f5a'} data-testid="p-alive" />
            </Col>
            <Col span={12}>
              <Statistic title={t('analytics.person.expected90')} value={decimals(clv.expectedPurchases90)} styles={{ content: { fontSize: 18 } }} data-testid="expected-90" />
            </Col>
            <Col span={12}>
              <Statistic title={t('analytics.person.expected365')} value={decimals(clv.expectedPurchases365)} styles={{ content: { fontSize: 18 } }} data-testid="expected-365" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {t('analytics.person.clvExplained', { pAlive: formatPercent(i18n.language, clv.probabilityAlive), purchases: decimals(clv.expectedPurchases365), clv: formatMoney(format, clv.clv, currency), months: clv.horizonMonths })}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

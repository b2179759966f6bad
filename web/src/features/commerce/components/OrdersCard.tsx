/** The customer 360 card: the customer's latest orders, what they still owe, and links to the rest. */
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { money } from '../../sales/lib/money.ts';
import { useOrders, useReceivables, type Customer } from '../api/commerce.ts';

export function OrdersCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const format = useFormat();
  const orders = useOrders(customer);
  const receivables = useReceivables({ ...customer, status: 'open' });
  const owed = new Map<string, number>();
  for (const r of receivables.data?.items ?? []) owed.set(r.currency, (owed.get(r.currency) ?? 0) + Math.round(Number(r.outstanding) * 100));
  const items = orders.data?.items ?? [];
  return (
    <Card size="small" title={t('slots.orders.title')} loading={orders.isPending} data-testid="orders-card">
      {owed.size > 0 && (
        <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
          {t('commerce.card.owes', { amount: [...owed].map(([currency, cents]) => money(format, (cents / 100).toFixed(2), currency)).join(' + ') })}
        </Typography.Paragraph>
      )}
      <Rows rows={items.slice(0, 5).map((o) => ({ key: o.id, title: <Link to={`/orders/${o.id}`}>{o.number}</Link>, description: format.date(o.orderedOn), extra: <span>{money(format, o.total, o.currency)}</span> }))} />
      {items.length > 5 && <Link to="/orders">{t('commerce.card.allOrders', { count: items.length })}</Link>}
    </Card>
  );
}

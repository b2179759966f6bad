/**
 * The quotes, contracts, orders and receivables made for one opportunity: quotes and contracts name it, orders
 * come from those quotes or contracts, receivables bill those orders or contracts.
 */
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import type { Opportunity } from '../../sales/api/sales.ts';
import { money } from '../../sales/lib/money.ts';
import { useContracts, useOrders, useQuotes, useReceivables } from '../api/commerce.ts';

export function RelatedDocuments({ opportunity: o }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const format = useFormat();
  const customer = o.organisationId ? { organisationId: o.organisationId } : o.personId ? { personId: o.personId } : {};
  const quotes = useQuotes(customer);
  const contracts = useContracts(customer);
  const orders = useOrders(customer);
  const receivables = useReceivables(customer);

  const myQuotes = (quotes.data?.items ?? []).filter((q) => q.opportunityId === o.id || q.id === o.quoteId);
  const quoteIds = new Set(myQuotes.map((q) => q.id));
  const myContracts = (contracts.data ?? []).filter((c) => c.opportunityId === o.id || c.id === o.contractId || (c.quoteId && quoteIds.has(c.quoteId)));
  const contractIds = new Set(myContracts.map((c) => c.id));
  const myOrders = (orders.data?.items ?? []).filter((x) => (x.quoteId && quoteIds.has(x.quoteId)) || (x.contractId && contractIds.has(x.contractId)));
  const orderIds = new Set(myOrders.map((x) => x.id));
  const myReceivables = (receivables.data?.items ?? []).filter((r) => (r.orderId && orderIds.has(r.orderId)) || (r.contractId && contractIds.has(r.contractId)));

  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 260px), 1fr))', gap: 12 } as const;
  return (
    <div style={grid} data-testid="related-documents">
      <Card size="small" title={t('commerce.quotes.title')} loading={quotes.isPending}>
        <Rows rows={myQuotes.map((q) => ({ key: q.id, title: <Link to={`/quotes/${q.id}`}>{q.number}</Link>, description: money(format, q.total, q.currency), extra: <Tag>{t(`commerce.quoteStatus.${q.status}`, { defaultValue: q.status })}</Tag> }))} />
      </Card>
      <Card size="small" title={t('commerce.contracts.title')} loading={contracts.isPending}>
        <Rows rows={myContracts.map((c) => ({ key: c.id, title: <Link to={`/contracts/${c.id}`}>{c.number}</Link>, description: `${c.title} · ${money(format, c.value, c.currency)}`, extra: <Tag>{t(`commerce.contractStatus.${c.status}`, { defaultValue: c.status })}</Tag> }))} />
      </Card>
      <Card size="small" title={t('commerce.orders.title')} loading={orders.isPending}>
        <Rows rows={myOrders.map((x) => ({ key: x.id, title: <Link to={`/orders/${x.id}`}>{x.number}</Link>, description: `${format.date(x.orderedOn)} · ${money(format, x.total, x.currency)}` }))} />
      </Card>
      <Card size="small" title={t('commerce.receivables.title')} loading={receivables.isPending}>
        <Rows rows={myReceivables.map((r) => ({ key: r.id, title: <Link to={`/receivables?focus=${r.id}`}>{r.number}</Link>, description: t('commerce.receivables.outstandingOf', { outstanding: money(format, r.outstanding, r.currency), amount: money(format, r.amount, r.currency) }), extra: <Tag color={r.status === 'paid' ? 'green' : 'orange'}>{t(`commerce.receivableStatus.${r.status}`, { defaultValue: r.status })}</Tag> }))} />
      </Card>
    </div>
  );
}

/** /orders/:id — one order: its lines and totals (the server's; editable until invoiced), where it came from, and its invoices. */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Dropdown, Result, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { refreshCommerce, setOrderStatus, useOrder, useReceivables } from '../api/commerce.ts';
import { DeleteDocument } from '../components/DeleteDocument.tsx';
import { IssueInvoiceModal } from '../components/IssueInvoiceModal.tsx';
import { OrderLinesCard } from '../components/OrderLinesCard.tsx';
import '../commerce.css';

export function OrderPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const order = useOrder(id);
  const o = order.data;
  const receivables = useReceivables(o?.organisationId ? { organisationId: o.organisationId } : o?.personId ? { personId: o.personId } : {});
  const [invoicing, setInvoicing] = useState(false);
  const { message } = App.useApp();
  const client = useQueryClient();

  const changeStatus = async (status: 'confirmed' | 'delivered' | 'cancelled') => {
    if (!o) return;
    try {
      client.setQueryData(['commerce', 'order', o.id], await setOrderStatus(o, status));
      refreshCommerce(client);
    } catch (error) {
      if (isApiError(error, 412)) {
        void order.refetch(); // someone else changed it: show it as it is now, and say so in the user's language
        message.warning(t('commerce.orders.statusStale'));
      } else message.error(isApiError(error) ? error.message : t('common.error'));
    }
  };

  if (order.isPending) return <PageLoading />;
  if (!o) return <Result status={isApiError(order.error, 404) ? '404' : 'error'} title={isApiError(order.error, 404) ? t('commerce.orders.notFound') : t('common.error')} />;
  const invoices = (receivables.data?.items ?? []).filter((r) => r.orderId === o.id);
  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0, marginRight: 'auto' }} data-testid="order-title">{t('commerce.orders.one', { number: o.number })}</Typography.Title>
          <Tag color={o.status === 'cancelled' ? 'default' : o.status === 'delivered' ? 'green' : 'blue'} data-testid="order-status">{t(`commerce.orderStatus.${o.status}`, { defaultValue: o.status })}</Tag>
          <Dropdown
            trigger={['click']}
            menu={{
              // confirmed → delivered | cancelled; delivered → confirmed; cancelled is final (the server's rules).
              items: (o.status === 'confirmed' ? (['delivered', 'cancelled'] as const) : o.status === 'delivered' ? (['confirmed'] as const) : []).map((s) => ({ key: s, label: t(`commerce.orderStatus.${s}`) })),
              onClick: ({ key }) => void changeStatus(key as 'confirmed'),
            }}
            disabled={o.status === 'cancelled'}
          >
            <Button>{t('commerce.quotes.setStatus')}</Button>
          </Dropdown>
          <Button type="primary" onClick={() => setInvoicing(true)} disabled={o.status === 'cancelled'} data-testid="issue-invoice">{t('commerce.receivables.issueButton')}</Button>
          <DeleteDocument kind="orders" doc={o} listPath="/orders" />
        </div>
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'customer', label: t('sales.field.customer'), children: <CustomerName organisationId={o.organisationId} personId={o.personId} /> },
            { key: 'orderedOn', label: t('commerce.orders.orderedOn'), children: format.date(o.orderedOn) },
            { key: 'channel', label: t('commerce.orders.channel'), children: o.channel ? t(`commerce.channel.${o.channel}`, { defaultValue: o.channel }) : '—' },
            { key: 'region', label: t('commerce.orders.region'), children: [o.region, o.store].filter(Boolean).join(' · ') || '—' },
            { key: 'contract', label: t('commerce.contracts.one'), children: o.contractId ? <Link to={`/contracts/${o.contractId}`}>{t('commerce.open')}</Link> : '—' },
            { key: 'source', label: t('commerce.orders.source'), children: t(`commerce.orderSource.${o.source}`, { defaultValue: o.source }) },
            { key: 'quote', label: t('commerce.contracts.quote'), children: o.quoteId ? <Link to={`/quotes/${o.quoteId}`}>{t('commerce.open')}</Link> : '—' },
          ]}
        />
      </Card>
      <OrderLinesCard order={o} invoices={invoices} />
      <Card size="small" title={t('commerce.receivables.title')} loading={receivables.isPending}>
        <Rows
          rows={invoices.map((r) => ({
            key: r.id,
            title: <Link to={`/receivables?focus=${r.id}`}>{r.number}</Link>,
            description: t('commerce.receivables.outstandingOf', { outstanding: money(format, r.outstanding, r.currency), amount: money(format, r.amount, r.currency) }),
            extra: <Tag color={r.status === 'paid' ? 'green' : 'orange'}>{t(`commerce.receivableStatus.${r.status}`, { defaultValue: r.status })}</Tag>,
          }))}
        />
      </Card>
      {invoicing && <IssueInvoiceModal order={o} onClose={() => setInvoicing(false)} />}
    </div>
  );
}

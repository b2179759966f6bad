/**
 * /receivables — what customers owe: the ageing by days past due, then every invoice with its instalments and
 * payments, and "record a payment". `?focus=<id>` opens one invoice (links from orders and opportunities).
 */
import { Button, Card, Result, Segmented, Table, Tag, Typography } from 'antd';
import { useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { useReceivables, type Receivable } from '../api/commerce.ts';
import { AgeingTable } from '../components/AgeingTable.tsx';
import { PaymentModal } from '../components/PaymentModal.tsx';
import '../../sales/sales.css';

type Status = 'open' | 'paid' | 'all';

export function ReceivablesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (['open', 'paid', 'all'].includes(params.get('status') ?? '') ? params.get('status') : 'open') as Status;
  const focus = params.get('focus');
  const receivables = useReceivables(status === 'all' || focus ? {} : { status });
  const [paying, setPaying] = useState<Receivable>();
  const [expanded, setExpanded] = useState<readonly Key[]>(focus ? [focus] : []);

  if (receivables.isError) return <Result status="error" title={t('common.error')} />;
  const items = (receivables.data?.items ?? []).filter((r) => !focus || r.id === focus);
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('commerce.receivables.title')}</Typography.Title>
        <Link to="/orders">{t('commerce.orders.title')}</Link>
      </div>
      <Card size="small" title={t('commerce.ageing.title')} style={{ marginBottom: 12 }}>
        <AgeingTable />
      </Card>
      <Card
        size="small"
        title={t('commerce.receivables.invoices')}
        extra={focus ? <Button size="small" onClick={() => setParams({})}>{t('commerce.receivables.showAll')}</Button> : <Segmented size="small" value={status} onChange={(v) => setParams({ status: String(v) })} options={(['open', 'paid', 'all'] as const).map((s) => ({ value: s, label: t(`commerce.receivables.filter.${s}`) }))} />}
      >
        <Table
          data-testid="receivables-table"
          size="small"
          rowKey="id"
          loading={receivables.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={items}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: setExpanded,
            expandedRowRender: (r) => <InvoiceDetail receivable={r} />,
          }}
          columns={[
            { key: 'number', title: t('commerce.receivables.number'), dataIndex: 'number', width: 200 },
            { key: 'customer', title: t('sales.field.customer'), render: (_, r) => <CustomerName organisationId={r.organisationId} personId={r.personId} /> },
            { key: 'issuedOn', title: t('commerce.receivables.issuedOn'), render: (_, r) => format.date(r.issuedOn) },
            { key: 'amount', title: t('commerce.receivables.amount'), align: 'right', render: (_, r) => money(format, r.amount, r.currency) },
            { key: 'outstanding', title: t('commerce.receivables.outstanding'), align: 'right', render: (_, r) => <strong data-testid={`outstanding-${r.id}`}>{money(format, r.outstanding, r.currency)}</strong> },
            { key: 'status', title: t('commerce.receivables.status'), render: (_, r) => <Tag color={r.status === 'paid' ? 'green' : 'orange'} data-testid={`status-${r.id}`}>{t(`commerce.receivableStatus.${r.status}`, { defaultValue: r.status })}</Tag> },
            { key: 'order', title: t('commerce.orders.column'), render: (_, r) => (r.orderId ? <Link to={`/orders/${r.orderId}`}>{t('commerce.open')}</Link> : '—') },
            { key: 'pay', title: '', render: (_, r) => (r.status === 'open' && Number(r.outstanding) > 0 ? <Button size="small" type="primary" onClick={() => setPaying(r)} data-testid={`pay-${r.id}`}>{t('commerce.payments.record')}</Button> : null) },
          ]}
        />
      </Card>
      {paying && <PaymentModal receivable={paying} onClose={() => setPaying(undefined)} />}
    </div>
  );
}

function InvoiceDetail({ receivable: r }: { receivable: Receivable }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 300px), 1fr))', gap: 12 }}>
      <Table
        size="small"
        title={() => t('commerce.receivables.instalments')}
        rowKey="position"
        pagination={false}
        dataSource={r.instalments}
        columns={[
          { key: 'dueOn', title: t('commerce.receivables.dueOn'), render: (_, i) => format.date(i.dueOn) },
          { key: 'amount', title: t('commerce.receivables.amount'), align: 'right', render: (_, i) => money(format, i.amount, r.currency) },
          { key: 'paid', title: t('commerce.receivables.paid'), align: 'right', render: (_, i) => money(format, i.paidAmount, r.currency) },
        ]}
      />
      <Table
        size="small"
        title={() => t('commerce.receivables.payments')}
        rowKey="id"
        pagination={false}
        dataSource={r.payments}
        locale={{ emptyText: t('commerce.receivables.noPayments') }}
        columns={[
          { key: 'paidOn', title: t('commerce.payments.paidOn'), render: (_, p) => format.date(p.paidOn) },
          { key: 'amount', title: t('commerce.payments.amount'), align: 'right', render: (_, p) => money(format, p.amount, r.currency) },
          { key: 'method', title: t('commerce.payments.method'), render: (_, p) => (p.method ? t(`commerce.payments.methods.${p.method}`, { defaultValue: p.method }) : '—') },
          { key: 'reference', title: t('commerce.payments.reference'), render: (_, p) => p.reference ?? '—' },
        ]}
      />
    </div>
  );
}

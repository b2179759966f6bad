/** /orders — orders, newest first: number, date, customer, channel, total, where they came from. */
import { ImportOutlined } from '@ant-design/icons';
import { Button, Result, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { useOrders } from '../api/commerce.ts';
import { OrderImportModal } from '../components/OrderImportModal.tsx';
import '../../sales/sales.css';

export function OrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const orders = useOrders();
  const [importing, setImporting] = useState(false);
  if (orders.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('commerce.orders.title')}</Typography.Title>
        <Link to="/quotes">{t('commerce.quotes.title')}</Link>
        <Link to="/receivables">{t('commerce.receivables.title')}</Link>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="import-orders">{t('commerce.import.button')}</Button>
      </div>
      <Table
        data-testid="orders-table"
        size="small"
        rowKey="id"
        loading={orders.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={orders.data?.items ?? []}
        columns={[
          { key: 'number', title: t('commerce.orders.number'), render: (_, o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
          { key: 'orderedOn', title: t('commerce.orders.orderedOn'), render: (_, o) => format.date(o.orderedOn) },
          { key: 'customer', title: t('sales.field.customer'), render: (_, o) => <CustomerName organisationId={o.organisationId} personId={o.personId} /> },
          { key: 'channel', title: t('commerce.orders.channel'), render: (_, o) => (o.channel ? t(`commerce.channel.${o.channel}`, { defaultValue: o.channel }) : '—') },
          { key: 'total', title: t('commerce.totals.total'), align: 'right', render: (_, o) => money(format, o.total, o.currency) },
          { key: 'source', title: t('commerce.orders.source'), render: (_, o) => <Tag>{t(`commerce.orderSource.${o.source}`, { defaultValue: o.source })}</Tag> },
        ]}
      />
      {importing && <OrderImportModal onClose={() => setImporting(false)} />}
    </div>
  );
}

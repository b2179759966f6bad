/** /quotes — quotes, newest first, with their status and total; a new one starts the editor. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Result, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { useQuotes } from '../api/commerce.ts';
import '../../sales/sales.css';

export function QuotesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const quotes = useQuotes();
  if (quotes.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('commerce.quotes.title')}</Typography.Title>
        <Link to="/quotes/new"><Button type="primary" icon={<PlusOutlined />}>{t('commerce.quotes.new')}</Button></Link>
      </div>
      <Table
        data-testid="quotes-table"
        size="small"
        rowKey="id"
        loading={quotes.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={quotes.data?.items ?? []}
        columns={[
          { key: 'number', title: t('commerce.quotes.number'), render: (_, q) => <Link to={`/quotes/${q.id}`}>{q.number}</Link> },
          { key: 'customer', title: t('sales.field.customer'), render: (_, q) => <CustomerName organisationId={q.organisationId} personId={q.personId} /> },
          { key: 'status', title: t('commerce.receivables.status'), render: (_, q) => <Tag>{t(`commerce.quoteStatus.${q.status}`, { defaultValue: q.status })}</Tag> },
          { key: 'validUntil', title: t('commerce.quotes.validUntil'), render: (_, q) => format.date(q.validUntil) || '—' },
          { key: 'total', title: t('commerce.totals.total'), align: 'right', render: (_, q) => money(format, q.total, q.currency) },
        ]}
      />
    </div>
  );
}

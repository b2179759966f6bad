/** The stored lines of a quote or order, with the server's rounded amounts per line. */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { money } from '../../sales/lib/money.ts';
import type { Line } from '../api/commerce.ts';

export function LinesTable({ lines, currency }: { lines: Line[]; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const m = (v: string) => money(format, v, currency);
  return (
    <Table
      data-testid="lines-table"
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={lines}
      columns={[
        { key: 'position', title: '#', dataIndex: 'position', width: 40 },
        { key: 'description', title: t('commerce.lines.description'), dataIndex: 'description' },
        { key: 'quantity', title: t('commerce.lines.quantity'), align: 'right', render: (_, l) => format.number(Number(l.quantity)) },
        { key: 'unitPrice', title: t('commerce.lines.unitPrice'), align: 'right', render: (_, l) => m(l.unitPrice) },
        { key: 'discount', title: t('commerce.lines.discount'), align: 'right', render: (_, l) => (Number(l.discountPercent) ? `${Number(l.discountPercent)}% (−${m(l.discountAmount)})` : '—') },
        { key: 'net', title: t('commerce.lines.net'), align: 'right', render: (_, l) => m(l.netAmount) },
        { key: 'tax', title: t('commerce.lines.tax'), align: 'right', render: (_, l) => `${Number(l.taxRate)}% · ${m(l.taxAmount)}` },
        { key: 'total', title: t('commerce.lines.total'), align: 'right', render: (_, l) => <strong>{m(l.totalAmount)}</strong> },
      ]}
    />
  );
}

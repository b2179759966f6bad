/** Outstanding receivables by days past due, one row per currency (the server's buckets, exact to the cent). */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { money } from '../../sales/lib/money.ts';
import { useAgeing, type Customer } from '../api/commerce.ts';

const BUCKETS = ['notDue', 'days1to30', 'days31to60', 'days61to90', 'over90', 'total'] as const;

export function AgeingTable({ customer = {} }: { customer?: Customer }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ageing = useAgeing(customer);
  return (
    <Table
      data-testid="ageing-table"
      size="small"
      rowKey="currency"
      loading={ageing.isPending}
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={ageing.data?.rows ?? []}
      locale={{ emptyText: t('commerce.ageing.nothing') }}
      columns={[
        { key: 'currency', title: t('sales.field.currency'), dataIndex: 'currency' },
        ...BUCKETS.map((bucket) => ({
          key: bucket,
          title: t(`commerce.ageing.${bucket}`),
          align: 'right' as const,
          render: (_: unknown, row: { currency: string } & Record<(typeof BUCKETS)[number], string>) => {
            const text = money(format, row[bucket], row.currency);
            const late = bucket !== 'notDue' && bucket !== 'total' && Number(row[bucket]) > 0;
            return bucket === 'total' ? <strong>{text}</strong> : <span style={late ? { color: bucket === 'over90' || bucket === 'days61to90' ? '#cf1322' : '#d46b08' } : undefined}>{text}</span>;
          },
        })),
      ]}
    />
  );
}

/**
 * /payables — what we owe: suppliers' bills and partners' commissions, filtered by kind and status; record a new
 * one, mark one paid (today, or the day it was paid) or cancel it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Result, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { refreshCommerce, settlePayable, today, usePayables, type Payable, type PayableFilter } from '../api/commerce.ts';
import { PayableModal } from '../components/PayableModal.tsx';
import '../../sales/sales.css';

const KINDS = ['all', 'supplier', 'commission'] as const;
const STATUSES = ['open', 'paid', 'cancelled', 'all'] as const;
const STATUS_COLOURS: Record<string, string> = { open: 'orange', paid: 'green', cancelled: 'default' };

export function PayablesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const kind = (KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as (typeof KINDS)[number]) : 'all';
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as (typeof STATUSES)[number]) : 'open';
  const filter: PayableFilter = { ...(kind !== 'all' ? { kind } : {}), ...(status !== 'all' ? { status } : {}) };
  const payables = usePayables(filter);
  const [creating, setCreating] = useState(false);
  const set = (key: string, value: string) => setParams({ kind, status, [key]: value });

  if (payables.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('commerce.payables.title')}</Typography.Title>
        <Space wrap>
          <Link to="/receivables">{t('commerce.receivables.title')}</Link>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-payable">{t('commerce.payables.new')}</Button>
        </Space>
      </div>
      <Card
        size="small"
        title={<Segmented size="small" value={kind} onChange={(v) => set('kind', String(v))} options={KINDS.map((k) => ({ value: k, label: t(`commerce.payables.kinds.${k}`) }))} />}
        extra={<Segmented size="small" value={status} onChange={(v) => set('status', String(v))} options={STATUSES.map((s) => ({ value: s, label: t(`commerce.payables.statuses.${s}`) }))} />}
      >
        <Table
          data-testid="payables-table"
          size="small"
          rowKey="id"
          loading={payables.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={payables.data ?? []}
          columns={[
            { key: 'kind', title: t('commerce.payables.kind'), render: (_, p) => t(`commerce.payables.kinds.${p.kind}`, { defaultValue: p.kind }) },
            { key: 'partner', title: t('commerce.payables.partnerColumn'), render: (_, p) => <CustomerName organisationId={p.partnerOrganisationId} /> },
            { key: 'description', title: t('commerce.payables.description'), dataIndex: 'description' },
            { key: 'amount', title: t('commerce.payables.amount'), align: 'right', render: (_, p) => <strong>{money(format, p.amount, p.currency)}</strong> },
            { key: 'dueOn', title: t('commerce.payables.dueOn'), render: (_, p) => (p.dueOn ? format.date(p.dueOn) : '—') },
            { key: 'status', title: t('commerce.payables.status'), render: (_, p) => <Tag color={STATUS_COLOURS[p.status]} data-testid={`payable-status-${p.id}`}>{t(`commerce.payables.statuses.${p.status}`, { defaultValue: p.status })}{p.paidOn ? ` · ${format.date(p.paidOn)}` : ''}</Tag> },
            { key: 'order', title: t('commerce.orders.column'), render: (_, p) => (p.orderId ? <Link to={`/orders/${p.orderId}`}>{t('commerce.open')}</Link> : '—') },
            { key: 'actions', title: '', render: (_, p) => (p.status === 'open' ? <SettleButtons payable={p} /> : null) },
          ]}
        />
      </Card>
      {creating && <PayableModal onClose={() => setCreating(false)} />}
    </div>
  );
}

function SettleButtons({ payable }: { payable: Payable }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [paidOn, setPaidOn] = useState(today());
  const settle = async (status: 'paid' | 'cancelled') => {
    try {
      await settlePayable(payable, status, paidOn);
      message.success(t(status === 'paid' ? 'commerce.payables.markedPaid' : 'commerce.payables.cancelled'));
    } catch (error) {
      message.error(isApiError(error, 412) ? t('commerce.payables.stale') : isApiError(error) ? error.message : t('common.error'));
    } finally {
      refreshCommerce(client);
    }
  };
  return (
    <Space size={4} wrap>
      <Popconfirm
        title={t('commerce.payables.paidOnQuestion')}
        description={<Input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} data-testid={`paid-on-${payable.id}`} />}
        onConfirm={() => settle('paid')}
        okText={t('commerce.payables.markPaid')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'confirm-paid' }}
      >
        <Button size="small" type="primary" data-testid={`pay-payable-${payable.id}`}>{t('commerce.payables.markPaid')}</Button>
      </Popconfirm>
      <Popconfirm title={t('commerce.payables.cancelQuestion')} onConfirm={() => settle('cancelled')} okText={t('commerce.payables.cancel')} cancelText={t('common.cancel')}>
        <Button size="small" data-testid={`cancel-payable-${payable.id}`}>{t('commerce.payables.cancel')}</Button>
      </Popconfirm>
    </Space>
  );
}

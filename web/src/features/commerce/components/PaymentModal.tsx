/**
 * Record a payment on an invoice. It settles the oldest instalments first (the server does that); more than is
 * outstanding is refused by the server with 422 and the message is shown on the amount, nothing recorded.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { money } from '../../sales/lib/money.ts';
import { recordPayment, refreshCommerce, today, type Receivable } from '../api/commerce.ts';

type Values = { paidOn: string; amount: string; method?: string; reference?: string };
const METHODS = ['bank_transfer', 'cash', 'alipay', 'wechat_pay', 'card', 'cheque'] as const;

export function PaymentModal({ receivable, onClose }: { receivable: Receivable; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      await recordPayment(receivable, { paidOn: v.paidOn, amount: v.amount.trim(), method: v.method ?? null, reference: v.reference?.trim() || null });
      refreshCommerce(client);
      message.success(t('commerce.payments.recorded'));
      onClose();
    } catch (error) {
      if (isApiError(error, 422) || (isApiError(error, 400) && error.issues.some((i) => i.field === 'amount'))) form.setFields([{ name: 'amount', errors: [isApiError(error) ? error.message : ''] }]);
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('commerce.payments.title', { number: receivable.number })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-payment' }} destroyOnHidden>
      <p>{t('commerce.receivables.outstandingOf', { outstanding: money(format, receivable.outstanding, receivable.currency), amount: money(format, receivable.amount, receivable.currency) })}</p>
      <Form form={form} layout="vertical" initialValues={{ paidOn: today(), amount: receivable.outstanding, method: 'bank_transfer' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="paidOn" label={t('commerce.payments.paidOn')} rules={[{ required: true, message: t('sales.gate.required') }]}><Input type="date" /></Form.Item>
        <Form.Item name="amount" label={t('commerce.payments.amount')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" suffix={receivable.currency} data-testid="payment-amount" /></Form.Item>
        <Form.Item name="method" label={t('commerce.payments.method')}><Select allowClear options={METHODS.map((m) => ({ value: m, label: t(`commerce.payments.methods.${m}`) }))} /></Form.Item>
        <Form.Item name="reference" label={t('commerce.payments.reference')}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}

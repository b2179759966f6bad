/**
 * Bill an order: an invoice (receivable) for its total, in one instalment or several equal monthly ones. The
 * split is exact in cents — the last instalment takes the remainder — because the server refuses instalments that
 * do not add up to the amount.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { createReceivable, refreshCommerce, today, type Order } from '../api/commerce.ts';
import { splitInstalments } from '../lib/instalments.ts';

type Values = { issuedOn: string; count: number; firstDueOn: string };

export function IssueInvoiceModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const issued = today();
  const due = new Date(`${issued}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 30);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const receivable = await createReceivable({ orderId: order.id, issuedOn: v.issuedOn, instalments: splitInstalments(order.total, v.count, v.firstDueOn) });
      refreshCommerce(client);
      message.success(t('commerce.receivables.issued', { number: receivable.number }));
      onClose();
    } catch (error) {
      message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('commerce.receivables.issue', { number: order.number })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-invoice' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ issuedOn: issued, count: 1, firstDueOn: due.toISOString().slice(0, 10) }} onFinish={(v) => void submit(v)}>
        <Form.Item name="issuedOn" label={t('commerce.receivables.issuedOn')} rules={[{ required: true, message: t('sales.gate.required') }]}><Input type="date" /></Form.Item>
        <Form.Item name="count" label={t('commerce.receivables.instalmentCount')} extra={t('commerce.receivables.instalmentHint')}><InputNumber min={1} max={24} precision={0} style={{ width: 120 }} data-testid="instalment-count" /></Form.Item>
        <Form.Item name="firstDueOn" label={t('commerce.receivables.firstDueOn')} rules={[{ required: true, message: t('sales.gate.required') }]}><Input type="date" /></Form.Item>
      </Form>
    </Modal>
  );
}

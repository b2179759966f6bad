/**
 * Record what we owe: a supplier's bill, or a partner's commission — a fixed amount, or a percentage of one of
 * our orders (the server works the amount out from the order's total, rounded half-up).
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { OrganisationSelect } from '../../sales/components/OrganisationSelect.tsx';
import { createPayable, refreshCommerce } from '../api/commerce.ts';

type Values = { kind: 'supplier' | 'commission'; partnerOrganisationId: string; description: string; amount?: string; currency?: string; orderId?: string; commissionPercent?: string; dueOn?: string };
const FIELDS = ['partnerOrganisationId', 'description', 'amount', 'currency', 'orderId', 'commissionPercent', 'dueOn'] as const;

export function PayableModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'supplier';

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const onOrder = v.kind === 'commission' && v.orderId?.trim() && v.commissionPercent?.trim();
      await createPayable({
        kind: v.kind,
        partnerOrganisationId: v.partnerOrganisationId,
        description: v.description.trim(),
        ...(onOrder ? { orderId: v.orderId?.trim(), commissionPercent: v.commissionPercent?.trim() } : { amount: v.amount?.trim(), currency: v.currency?.trim().toUpperCase() || 'CNY' }),
        dueOn: v.dueOn || null,
      });
      refreshCommerce(client);
      message.success(t('commerce.payables.created'));
      onClose();
    } catch (error) {
      // The server names the field it refused; show its words there, everything typed stays.
      const issues = isApiError(error) ? error.issues.filter((i) => (FIELDS as readonly string[]).includes(i.field)) : [];
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.field as (typeof FIELDS)[number], errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('sales.gate.required') }];
  return (
    <Modal open title={t('commerce.payables.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-payable' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'supplier', currency: 'CNY' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={t('commerce.payables.kind')}>
          <Segmented data-testid="payable-kind" options={(['supplier', 'commission'] as const).map((k) => ({ value: k, label: t(`commerce.payables.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="partnerOrganisationId" label={t(kind === 'supplier' ? 'commerce.payables.supplier' : 'commerce.payables.partner')} rules={required}><OrganisationSelect data-testid="payable-partner" /></Form.Item>
        <Form.Item name="description" label={t('commerce.payables.description')} rules={required}><Input data-testid="payable-description" maxLength={500} /></Form.Item>
        {kind === 'commission' && (
          <>
            <Form.Item name="orderId" label={t('commerce.payables.orderId')} extra={t('commerce.payables.orderHint')}><Input data-testid="payable-order" /></Form.Item>
            <Form.Item name="commissionPercent" label={t('commerce.payables.percent')} rules={[{ pattern: /^\d{1,3}(\.\d{1,2})?$/, message: t('commerce.payables.badPercent') }]}><Input inputMode="decimal" suffix="%" data-testid="payable-percent" /></Form.Item>
          </>
        )}
        <Form.Item name="amount" label={t('commerce.payables.amount')} rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" data-testid="payable-amount" /></Form.Item>
        <Form.Item name="currency" label={t('commerce.payables.currency')}><Input maxLength={3} style={{ width: 100 }} /></Form.Item>
        <Form.Item name="dueOn" label={t('commerce.payables.dueOn')}><Input type="date" data-testid="payable-due" /></Form.Item>
      </Form>
    </Modal>
  );
}

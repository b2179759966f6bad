/** Open an opportunity or a project on the chosen pipeline, for an organisation, in its first stage. */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { CURRENCIES } from '../../../i18n/format.ts';
import { createOpportunity, refreshOpportunity, type Opportunity, type Pipeline } from '../api/sales.ts';
import { gateRefusal } from '../lib/gate.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { OrganisationSelect } from './OrganisationSelect.tsx';

type Values = { name: string; organisationId?: string | null; amount?: string; currency: string; expectedCloseOn?: string };
type Props = { pipeline: Pipeline; onClose: () => void; onCreated: (opportunity: Opportunity) => void };

export function NewOpportunityModal({ pipeline, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const labels = useSalesLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const first = pipeline.stages[0];

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const saved = await createOpportunity({
        name: v.name.trim(), pipeline: pipeline.key, organisationId: v.organisationId ?? null, currency: v.currency,
        ...(v.amount?.trim() ? { amount: v.amount.trim() } : {}), ...(v.expectedCloseOn ? { expectedCloseOn: v.expectedCloseOn } : {}),
      });
      refreshOpportunity(client, saved);
      message.success(t('common.saved'));
      onCreated(saved);
    } catch (error) {
      const refusal = gateRefusal(error);
      if (refusal) form.setFields(refusal.missing.filter((f) => ['organisationId', 'amount', 'expectedCloseOn'].includes(f)).map((f) => ({ name: f as keyof Values, errors: [t('sales.gate.required')] })));
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field as keyof Values, errors: [i.message] })));
      else if (!refusal) message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t(pipeline.kind === 'project' ? 'sales.newProject' : 'sales.newOpportunity')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-opportunity' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ currency: 'CNY' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('sales.field.name')} rules={[{ required: true, whitespace: true, message: t('sales.gate.required') }]}>
          <Input data-testid="opportunity-name" />
        </Form.Item>
        <Form.Item name="organisationId" label={labels.field('organisationId')} rules={first?.requiredFields.includes('organisationId') ? [{ required: true, message: t('sales.gate.required') }] : []}>
          <OrganisationSelect data-testid="opportunity-organisation" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="amount" label={labels.field('amount')} style={{ flex: 1 }} rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}>
            <Input inputMode="decimal" data-testid="opportunity-amount" />
          </Form.Item>
          <Form.Item name="currency" label={t('sales.field.currency')}>
            <Select style={{ width: 96 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </div>
        <Form.Item name="expectedCloseOn" label={labels.field('expectedCloseOn')}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

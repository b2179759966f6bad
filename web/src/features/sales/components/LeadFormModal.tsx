/** Capture a lead. The server grades it (A–D) by the tenant's rules; a 400 lands on the field it names. */
import { useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { CURRENCIES } from '../../../i18n/format.ts';
import { createLead, type Lead } from '../api/sales.ts';

type Values = { name: string; company?: string; title?: string; phone?: string; email?: string; source?: string; industry?: string; province?: string; city?: string; estimatedValue?: string; currency?: string; notes?: string };
const TEXT = ['company', 'title', 'phone', 'email', 'source', 'industry', 'province', 'city', 'notes'] as const;

export function LeadFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (lead: Lead) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const body = {
        name: v.name.trim(),
        ...Object.fromEntries(TEXT.map((f) => [f, v[f]?.trim() || null])),
        ...(v.estimatedValue?.trim() ? { estimatedValue: v.estimatedValue.trim(), currency: v.currency ?? 'CNY' } : {}),
      };
      const lead = await createLead(body);
      void client.invalidateQueries({ queryKey: ['sales', 'leads'] });
      message.success(t('sales.leads.created', { grade: lead.grade }));
      onCreated(lead);
    } catch (error) {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field as keyof Values, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <Modal open title={t('sales.leads.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-lead' }} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ currency: 'CNY' }} onFinish={(v) => void submit(v)}>
        <Row gutter={12}>
          <Col {...half}><Form.Item name="name" label={t('sales.leads.fields.name')} rules={[{ required: true, whitespace: true, message: t('sales.gate.required') }]}><Input data-testid="lead-name" /></Form.Item></Col>
          <Col {...half}><Form.Item name="company" label={t('sales.leads.fields.company')}><Input data-testid="lead-company" /></Form.Item></Col>
          <Col {...half}><Form.Item name="title" label={t('sales.leads.fields.title')}><Input /></Form.Item></Col>
          <Col {...half}><Form.Item name="phone" label={t('sales.leads.fields.phone')}><Input inputMode="tel" data-testid="lead-phone" /></Form.Item></Col>
          <Col {...half}><Form.Item name="email" label={t('sales.leads.fields.email')} rules={[{ type: 'email', message: t('sales.leads.invalidEmail') }]}><Input inputMode="email" /></Form.Item></Col>
          <Col {...half}><Form.Item name="source" label={t('sales.leads.fields.source')}><Input data-testid="lead-source" /></Form.Item></Col>
          <Col {...half}><Form.Item name="industry" label={t('sales.leads.fields.industry')}><Input /></Form.Item></Col>
          <Col xs={12} sm={6}><Form.Item name="province" label={t('sales.leads.fields.province')}><Input /></Form.Item></Col>
          <Col xs={12} sm={6}><Form.Item name="city" label={t('sales.leads.fields.city')}><Input /></Form.Item></Col>
          <Col xs={16} sm={12}><Form.Item name="estimatedValue" label={t('sales.leads.fields.estimatedValue')} rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" data-testid="lead-value" /></Form.Item></Col>
          <Col xs={8} sm={6}><Form.Item name="currency" label={t('sales.field.currency')}><Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} /></Form.Item></Col>
          <Col span={24}><Form.Item name="notes" label={t('sales.leads.fields.notes')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}

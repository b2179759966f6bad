/**
 * Convert a lead: a person (always), an organisation (new from the company name, or an existing one) and, if
 * wanted, an opportunity on the chosen pipeline. The server does it in one step; the user lands on the result.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Schemas } from '../../../api/client.ts';
import { convertLead, refreshOpportunity, usePipelines, type Lead } from '../api/sales.ts';
import { OrganisationSelect } from './OrganisationSelect.tsx';

type Values = { organisation: 'create' | 'existing' | 'none'; organisationId?: string | null; withOpportunity: boolean; pipeline: string; name?: string; amount?: string; expectedCloseOn?: string };
type Result = { lead: Lead; opportunityId: string | null };

export function ConvertLeadModal({ lead, onClose, onConverted }: { lead: Lead; onClose: () => void; onConverted: (result: Result) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const organisation = Form.useWatch('organisation', form);
  const withOpportunity = Form.useWatch('withOpportunity', form);

  const submit = async (v: Values) => {
    setSaving(true);
    const body: Schemas['LeadConversionInput'] = {
      createOrganisation: v.organisation === 'create',
      ...(v.organisation === 'existing' && v.organisationId ? { organisationId: v.organisationId } : {}),
      opportunity: v.withOpportunity
        ? { pipeline: v.pipeline, ...(v.name?.trim() ? { name: v.name.trim() } : {}), ...(v.amount?.trim() ? { amount: v.amount.trim() } : {}), ...(v.expectedCloseOn ? { expectedCloseOn: v.expectedCloseOn } : {}) }
        : null,
    };
    try {
      const result = await convertLead(lead.id, body);
      void client.invalidateQueries({ queryKey: ['sales', 'leads'] });
      void client.invalidateQueries({ queryKey: ['people'] });
      void client.invalidateQueries({ queryKey: ['organisations'] });
      refreshOpportunity(client, result.opportunity ?? undefined);
      message.success(t('sales.leads.converted', { name: lead.name }));
      onConverted({ lead: result.lead, opportunityId: result.opportunity?.id ?? null });
    } catch (error) {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field.replace(/^opportunity\./, '') as keyof Values, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('sales.leads.convertTitle', { name: lead.name })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('sales.leads.convert')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'confirm-convert' }} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ organisation: lead.company ? 'create' : 'none', withOpportunity: true, pipeline: 'sales', name: lead.company ? `${lead.company} · ${lead.name}` : lead.name, amount: lead.estimatedValue ?? '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="organisation" label={t('sales.leads.organisation')}>
          <Radio.Group
            options={[
              { value: 'create', label: t('sales.leads.orgCreate', { company: lead.company ?? '—' }), disabled: !lead.company },
              { value: 'existing', label: t('sales.leads.orgExisting') },
              { value: 'none', label: t('sales.leads.orgNone') },
            ]}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        {organisation === 'existing' && (
          <Form.Item name="organisationId" rules={[{ required: true, message: t('sales.gate.required') }]}><OrganisationSelect /></Form.Item>
        )}
        <Form.Item name="withOpportunity" valuePropName="checked"><Checkbox data-testid="convert-with-opportunity">{t('sales.leads.openOpportunity')}</Checkbox></Form.Item>
        {withOpportunity && (
          <>
            <Form.Item name="pipeline" label={t('sales.leads.pipeline')}>
              <Select options={(pipelines.data ?? []).map((p) => ({ value: p.key, label: t(`sales.pipeline.${p.key}`, { defaultValue: p.name }) }))} />
            </Form.Item>
            <Form.Item name="name" label={t('sales.field.name')}><Input /></Form.Item>
            <Form.Item name="amount" label={t('sales.field.amount')} rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" /></Form.Item>
            <Form.Item name="expectedCloseOn" label={t('sales.field.expectedCloseOn')}><Input type="date" /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

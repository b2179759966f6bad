/**
 * Edit an opportunity with If-Match. Only changed fields are sent. A stale edit (412) keeps what was typed and
 * offers to save it over the newer version or to take the newer version; clearing a field the current stage
 * requires is refused by the server with the field named, shown on the field.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap } from '../../../api/client.ts';
import { CURRENCIES } from '../../../i18n/format.ts';
import { useUsers } from '../../settings/api/settings.ts';
import { patchOpportunity, refreshOpportunity, type Opportunity, type OpportunityPatch, type Pipeline } from '../api/sales.ts';
import { gateRefusal } from '../lib/gate.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { isDateField } from './GateFieldInput.tsx';
import { OrganisationSelect } from './OrganisationSelect.tsx';

const PLAIN = ['name', 'amount', 'currency', 'expectedCloseOn', 'organisationId', 'ownerId', 'description', 'winReason', 'lossReason'] as const;
type Values = Record<string, string | null | undefined>;

/** Every custom value the pipeline's gates can ask for, plus those the record already has. */
function customKeys(o: Opportunity, pipeline: Pipeline): string[] {
  const fromGates = pipeline.stages.flatMap((s) => s.requiredFields).filter((f) => f.startsWith('custom.')).map((f) => f.slice(7));
  return [...new Set([...fromGates, ...Object.keys(o.custom)])];
}

function toValues(o: Opportunity, pipeline: Pipeline): Values {
  const values: Values = Object.fromEntries(PLAIN.map((f) => [f, (o[f] as string | null) ?? null]));
  for (const key of customKeys(o, pipeline)) values[`custom.${key}`] = o.custom[key] === undefined || o.custom[key] === null ? null : String(o.custom[key]);
  return values;
}

const clean = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() || null : v ?? null);

function diff(before: Values, after: Values): OpportunityPatch {
  const patch: Record<string, unknown> = {};
  const custom: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(after)) {
    if (clean(value) === clean(before[field])) continue;
    if (field.startsWith('custom.')) custom[field.slice(7)] = clean(value);
    else patch[field] = field === 'name' ? (clean(value) ?? '') : clean(value);
  }
  if (Object.keys(custom).length) patch.custom = custom;
  return patch as OpportunityPatch;
}

type Props = { opportunity: Opportunity; pipeline: Pipeline; onClose: () => void };

export function OpportunityEditDrawer({ opportunity, pipeline, onClose }: Props) {
  const { t } = useTranslation();
  const labels = useSalesLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const users = useUsers();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [base, setBase] = useState(opportunity);

  const submit = async (values: Values, against: Opportunity = base) => {
    const patch = diff(toValues(against, pipeline), values);
    if (Object.keys(patch).length === 0) return onClose();
    setSaving(true);
    try {
      const saved = await patchOpportunity(against, patch);
      refreshOpportunity(client, saved);
      message.success(t('common.saved'));
      onClose();
    } catch (error) {
      const refusal = gateRefusal(error);
      if (refusal) {
        form.setFields(refusal.missing.map((f) => ({ name: f, errors: [t('sales.opportunity.stageNeeds')] })));
      } else if (isApiError(error, 412)) {
        const current = unwrap(await api.GET('/api/v1/opportunities/{id}', { params: { path: { id: opportunity.id } } }));
        modal.confirm({
          title: t('conflict.title'),
          content: t('conflict.explainSimple', { version: current.version }),
          okText: t('conflict.keepMine'),
          cancelText: t('conflict.reload'),
          // Keep mine: only what this user changed is sent again, on top of the newer version.
          onOk: () => submit({ ...toValues(current, pipeline), ...Object.fromEntries(Object.entries(values).filter(([f, v]) => clean(v) !== clean(toValues(base, pipeline)[f]))) }, current),
          onCancel: () => {
            setBase(current);
            refreshOpportunity(client, current);
            form.setFieldsValue(toValues(current, pipeline));
          },
        });
      } else if (isApiError(error, 400) && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: i.field, errors: [i.message] })));
      } else {
        message.error(isApiError(error) ? error.message : t('common.error'));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={t('sales.opportunity.edit')}
      onClose={onClose}
      size={Math.min(520, window.innerWidth)}
      extra={<Space><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="save-opportunity-edit">{t('common.save')}</Button></Space>}
    >
      <Form form={form} layout="vertical" initialValues={toValues(opportunity, pipeline)} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('sales.field.name')} rules={[{ required: true, whitespace: true, message: t('sales.gate.required') }]}><Input /></Form.Item>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="amount" label={labels.field('amount')} style={{ flex: 1 }} rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" data-testid="edit-amount" /></Form.Item>
          <Form.Item name="currency" label={t('sales.field.currency')}><Select style={{ width: 96 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
        </Space.Compact>
        <Form.Item name="expectedCloseOn" label={labels.field('expectedCloseOn')}><Input type="date" data-testid="edit-expectedCloseOn" /></Form.Item>
        <Form.Item name="organisationId" label={labels.field('organisationId')}><OrganisationSelect /></Form.Item>
        <Form.Item name="ownerId" label={labels.field('ownerId')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
        <Form.Item name="description" label={labels.field('description')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
        {customKeys(opportunity, pipeline).map((key) => (
          <Form.Item key={key} name={`custom.${key}`} label={labels.field(`custom.${key}`)}>
            {isDateField(`custom.${key}`) ? <Input type="date" data-testid={`edit-custom-${key}`} /> : <Input data-testid={`edit-custom-${key}`} />}
          </Form.Item>
        ))}
        <Form.Item name="winReason" label={labels.field('winReason')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
        <Form.Item name="lossReason" label={labels.field('lossReason')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
      </Form>
    </Drawer>
  );
}

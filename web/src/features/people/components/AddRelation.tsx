/** Small forms on the customer 360 page: link an organisation (with title), add a family member or a key date. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap } from '../../../api/client.ts';

export type RelationKind = 'organisation' | 'family' | 'keyDate';
type Values = Record<string, string | boolean | undefined>;

const ROLES = ['decision_maker', 'influencer', 'buyer', 'user', 'technical', 'finance', 'other'] as const;
const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
const KEY_DATES = ['birthday', 'anniversary', 'wedding', 'contract_start', 'contract_end', 'renewal', 'warranty_end', 'other'] as const;

const blank = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

function OrganisationPicker({ value, onChange }: { value?: string; onChange?: (value: string) => void }) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['organisations', 'pick', q],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations', { params: { query: { q: q || undefined, limit: 20 } } })).items,
  });
  return (
    <Select showSearch={{ filterOption: false, onSearch: setQ }} value={value} onChange={onChange} loading={found.isFetching} options={(found.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
  );
}

export function AddRelation({ personId, kind }: { personId: string; kind: RelationKind }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (kind === 'organisation') {
        unwrap(await api.POST('/api/v1/people/{id}/organisations', { params: { path: { id: personId } }, body: { organisationId: String(v.organisationId), title: blank(v.title), role: (v.role as (typeof ROLES)[number]) ?? null, isPrimary: Boolean(v.isPrimary) } }));
      } else if (kind === 'family') {
        unwrap(await api.POST('/api/v1/people/{id}/family-members', { params: { path: { id: personId } }, body: { name: String(v.name), relation: v.relation as (typeof RELATIONS)[number], birthday: blank(v.birthday) } }));
      } else {
        unwrap(await api.POST('/api/v1/key-dates', { body: { personId, kind: v.kind as (typeof KEY_DATES)[number], label: blank(v.label), date: String(v.date), recurring: Boolean(v.recurring) } }));
      }
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['people', 'one', personId] });
      setOpen(false);
      form.resetFields();
      message.success(t('common.saved'));
    },
    onError: (error) => {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    },
  });
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <>
      <Button size="small" type="text" icon={<PlusOutlined />} onClick={() => setOpen(true)} aria-label={t(`person.add.${kind}`)}>{t('common.add')}</Button>
      <Modal open={open} title={t(`person.add.${kind}`)} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)} initialValues={kind === 'keyDate' ? { kind: 'anniversary', recurring: true } : kind === 'family' ? { relation: 'spouse' } : {}}>
          {kind === 'organisation' && (
            <>
              <Form.Item name="organisationId" label={t('nav.organisations')} rules={required}><OrganisationPicker /></Form.Item>
              <Form.Item name="title" label={t('person.jobTitle')}><Input placeholder={t('person.jobTitleExample')} /></Form.Item>
              <Form.Item name="role" label={t('person.buyingRole')}><Select allowClear options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} /></Form.Item>
              <Form.Item name="isPrimary" valuePropName="checked"><Checkbox>{t('person.primary')}</Checkbox></Form.Item>
            </>
          )}
          {kind === 'family' && (
            <>
              <Form.Item name="name" label={t('person.fields.name')} rules={required}><Input /></Form.Item>
              <Form.Item name="relation" label={t('person.relation')} rules={required}><Select options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))} /></Form.Item>
              <Form.Item name="birthday" label={t('person.fields.birthday')}><Input type="date" /></Form.Item>
            </>
          )}
          {kind === 'keyDate' && (
            <>
              <Form.Item name="kind" label={t('settings.fieldType')} rules={required}><Select options={KEY_DATES.map((k) => ({ value: k, label: t(`keyDate.${k}`) }))} /></Form.Item>
              <Form.Item name="label" label={t('person.keyDateLabel')}><Input /></Form.Item>
              <Form.Item name="date" label={t('person.date')} rules={required}><Input type="date" /></Form.Item>
              <Form.Item name="recurring" valuePropName="checked"><Checkbox>{t('person.recurring')}</Checkbox></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

/** Create or edit an organisation. Sends only changed fields; a stale edit (412) offers keep-mine or reload. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError, unwrap, type Organisation, type Schemas } from '../../../api/client.ts';
import { useUsers } from '../../settings/api/settings.ts';

type Body = Schemas['OrganisationCreateInput'];
type Values = {
  name: string; legalName?: string; industryCode?: string; website?: string; phone?: string; ownerId?: string | null;
  relationshipTypes?: Body['relationshipTypes']; tags?: string[]; notes?: string;
  address?: { province?: string; city?: string; district?: string; detail?: string };
};
const RELATIONSHIPS = ['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const;
const FIELDS = ['name', 'legalName', 'industryCode', 'website', 'phones', 'ownerId', 'relationshipTypes', 'tags', 'notes', 'address'] as const;

const text = (v: string | undefined) => v?.trim() || null;

function toValues(o: Organisation): Values {
  return {
    name: o.name, legalName: o.legalName ?? undefined, industryCode: o.industryCode ?? undefined, website: o.website ?? undefined,
    phone: o.phones[0]?.original, ownerId: o.ownerId, relationshipTypes: o.relationshipTypes, tags: o.tags, notes: o.notes ?? undefined,
    address: { province: o.address?.province ?? undefined, city: o.address?.city ?? undefined, district: o.address?.district ?? undefined, detail: o.address?.detail ?? undefined },
  };
}

function toBody(v: Values, existing?: Organisation): Body {
  const address = Object.fromEntries(Object.entries(v.address ?? {}).filter(([, x]) => typeof x === 'string' && x.trim()));
  const otherPhones = (existing?.phones.slice(1) ?? []).map((p) => ({ number: p.original }));
  return {
    name: v.name.trim(), legalName: text(v.legalName), industryCode: text(v.industryCode), website: text(v.website),
    phones: [...(text(v.phone) ? [{ number: v.phone?.trim() ?? '' }] : []), ...otherPhones],
    ownerId: v.ownerId ?? null, relationshipTypes: v.relationshipTypes ?? [], tags: v.tags ?? [], notes: text(v.notes),
    address: Object.keys(address).length ? address : null,
  };
}

type Props = { onClose: () => void; organisation?: Organisation };

export function OrganisationFormDrawer({ onClose, organisation }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const users = useUsers();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: async ({ body, version }: { body: Partial<Body>; version?: number }) =>
      organisation
        ? unwrap(await api.PATCH('/api/v1/organisations/{id}', { params: { path: { id: organisation.id }, header: { 'if-match': `"${version ?? organisation.version}"` } }, body }))
        : unwrap(await api.POST('/api/v1/organisations', { body: body as Body })),
  });

  const submit = async (values: Values, version?: number) => {
    const full = toBody(values, organisation);
    const before = organisation ? toBody(toValues(organisation), organisation) : undefined;
    const body = before ? Object.fromEntries(FIELDS.filter((f) => JSON.stringify(full[f]) !== JSON.stringify(before[f])).map((f) => [f, full[f]])) : full;
    if (organisation && Object.keys(body).length === 0) return onClose();
    try {
      const saved = await save.mutateAsync({ body, version });
      client.setQueryData(['organisations', 'one', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['organisations', 'list'] });
      message.success(t('common.saved'));
      onClose();
      if (!organisation) navigate(`/organisations/${saved.id}`);
    } catch (error) {
      if (isApiError(error, 412) && organisation) {
        // Keep the typing: either save it over the newer version, or take the newer version into the form.
        const current = unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id: organisation.id } } }));
        modal.confirm({
          title: t('conflict.title'),
          content: t('conflict.explainSimple', { version: current.version }),
          okText: t('conflict.keepMine'),
          cancelText: t('conflict.reload'),
          onOk: () => submit(values, current.version),
          onCancel: () => {
            client.setQueryData(['organisations', 'one', current.id], current);
            form.setFieldsValue(toValues(current));
          },
        });
      } else if (isApiError(error, 400) && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: (i.field === 'phones.0.number' ? 'phone' : i.field) as keyof Values, errors: [i.message] })));
      } else {
        message.error(isApiError(error) ? error.message : t('common.error'));
      }
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={organisation ? t('organisations.edit') : t('organisations.new')}
      size={Math.min(520, window.innerWidth)}
      extra={<Space><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="save-organisation">{t('common.save')}</Button></Space>}
    >
      <Form<Values> form={form} layout="vertical" initialValues={organisation ? toValues(organisation) : { relationshipTypes: ['customer'] }} onFinish={(values) => void submit(values)}>
        <Form.Item name="name" label={t('organisation.fields.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={300} data-testid="organisation-name" /></Form.Item>
        <Form.Item name="legalName" label={t('organisation.fields.legalName')}><Input maxLength={300} /></Form.Item>
        <Row gutter={12}>
          <Col xs={12}><Form.Item name="industryCode" label={t('organisation.fields.industry')} rules={[{ pattern: /^[A-Za-z0-9.-]*$/, message: t('organisation.industryRule') }]}><Input maxLength={20} placeholder="C34" /></Form.Item></Col>
          <Col xs={12}><Form.Item name="phone" label={t('person.fields.phone')}><Input inputMode="tel" /></Form.Item></Col>
        </Row>
        <Form.Item name="website" label={t('organisation.fields.website')}><Input placeholder="https://" /></Form.Item>
        <Form.Item name="relationshipTypes" label={t('person.fields.relationshipTypes')}><Select mode="multiple" options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))} /></Form.Item>
        <Row gutter={12}>
          <Col xs={12}><Form.Item name="ownerId" label={t('person.fields.owner')}><Select allowClear options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="tags" label={t('person.fields.tags')}><Select mode="tags" open={false} /></Form.Item></Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12} sm={8}><Form.Item name={['address', 'province']} label={t('address.province')}><Input /></Form.Item></Col>
          <Col xs={12} sm={8}><Form.Item name={['address', 'city']} label={t('address.city')}><Input /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name={['address', 'district']} label={t('address.district')}><Input /></Form.Item></Col>
        </Row>
        <Form.Item name={['address', 'detail']} label={t('address.detail')}><Input /></Form.Item>
        <Form.Item name="notes" label={t('person.fields.notes')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
      </Form>
    </Drawer>
  );
}

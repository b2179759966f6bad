/** The inputs of the person form; names match the API's field paths so server errors land on the right one. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomFields, useUsers } from '../../settings/api/settings.ts';
import { CustomFieldInput } from './CustomFieldInput.tsx';

const RELATIONSHIPS = ['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const;
const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
const EMAIL_LABELS = ['work', 'personal', 'other'] as const;

/** `restricted`: fields the server masks or hides for this user; they stay read-only so a mask is never saved back. */
export function PersonFormFields({ restricted = {} }: { restricted?: Record<string, string> }) {
  const { t } = useTranslation();
  const users = useUsers();
  const customFields = useCustomFields('person');
  const locked = (field: string) => restricted[field] !== undefined;
  const extra = (field: string) => (locked(field) ? t(`access.${restricted[field]}`) : undefined);
  return (
    <>
      <Form.Item name="name" label={t('person.fields.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input placeholder={t('person.namePlaceholder')} maxLength={200} data-testid="person-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="gender" label={t('person.fields.gender')}>
            <Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="birthday" label={t('person.fields.birthday')} extra={extra('birthday')}>
            <Input type="date" data-testid="person-birthday" disabled={locked('birthday')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="phones">
        {(items, { add, remove }) => (
          <Form.Item label={t('person.fields.phone')} extra={extra('phones')}>
            <fieldset disabled={locked('phones')} style={{ border: 0, padding: 0, margin: 0 }}>
            {items.map((item) => (
              <Space.Compact key={item.key} style={{ display: 'flex', marginBottom: 8 }}>
                <Form.Item name={[item.name, 'label']} noStyle>
                  <Select placeholder={t('person.label')} allowClear style={{ width: 100 }} options={PHONE_LABELS.map((l) => ({ value: l, label: t(`phoneLabel.${l}`) }))} />
                </Form.Item>
                <Form.Item name={[item.name, 'number']} noStyle>
                  <Input placeholder="138 0013 8000" inputMode="tel" data-testid={`person-phone-${item.name}`} />
                </Form.Item>
                <Button icon={<MinusCircleOutlined />} onClick={() => remove(item.name)} aria-label={t('common.remove')} />
              </Space.Compact>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>{t('person.addPhone')}</Button>
            </fieldset>
          </Form.Item>
        )}
      </Form.List>
      <Form.List name="emails">
        {(items, { add, remove }) => (
          <Form.Item label={t('person.fields.email')} extra={extra('emails')}>
            <fieldset disabled={locked('emails')} style={{ border: 0, padding: 0, margin: 0 }}>
            {items.map((item) => (
              <div key={item.key} style={{ display: 'flex', gap: 0, marginBottom: 8 }}>
                <Form.Item name={[item.name, 'label']} noStyle>
                  <Select placeholder={t('person.label')} allowClear style={{ width: 100 }} options={EMAIL_LABELS.map((l) => ({ value: l, label: t(`emailLabel.${l}`) }))} />
                </Form.Item>
                <Form.Item name={[item.name, 'address']} style={{ flex: 1, marginBottom: 0 }}>
                  <Input placeholder="name@example.com" inputMode="email" data-testid={`person-email-${item.name}`} />
                </Form.Item>
                <Button icon={<MinusCircleOutlined />} onClick={() => remove(item.name)} aria-label={t('common.remove')} />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>{t('person.addEmail')}</Button>
            </fieldset>
          </Form.Item>
        )}
      </Form.List>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="wechatId" label={t('person.fields.wechatId')} extra={extra('wechatId')}><Input disabled={locked('wechatId')} /></Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="ownerId" label={t('person.fields.owner')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="relationshipTypes" label={t('person.fields.relationshipTypes')}>
        <Select mode="multiple" options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12}><Form.Item name="source" label={t('person.fields.source')}><Input /></Form.Item></Col>
        <Col xs={12}><Form.Item name="tags" label={t('person.fields.tags')}><Select mode="tags" open={false} /></Form.Item></Col>
      </Row>
      <Divider titlePlacement="start" plain>{t('person.fields.address')}</Divider>
      <fieldset disabled={locked('addresses')} style={{ border: 0, padding: 0, margin: 0 }}>
      <Row gutter={12}>
        <Col xs={12} sm={8}><Form.Item name={['address', 'province']} label={t('address.province')}><Input /></Form.Item></Col>
        <Col xs={12} sm={8}><Form.Item name={['address', 'city']} label={t('address.city')}><Input /></Form.Item></Col>
        <Col xs={24} sm={8}><Form.Item name={['address', 'district']} label={t('address.district')}><Input /></Form.Item></Col>
      </Row>
      <Form.Item name={['address', 'detail']} label={t('address.detail')} extra={extra('addresses')}><Input /></Form.Item>
      </fieldset>
      <Form.Item name="notes" label={t('person.fields.notes')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
      {(customFields.data ?? []).length > 0 && <Divider titlePlacement="start" plain>{t('person.customFields')}</Divider>}
      {(customFields.data ?? []).map((field) => <CustomFieldInput key={field.id} field={field} />)}
    </>
  );
}

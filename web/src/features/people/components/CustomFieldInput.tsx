/** One input per custom-field type, bound to `custom.<key>` in the person form. */
import { Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../api/client.ts';
import { CURRENCIES } from '../../../i18n/format.ts';
import { localLabel } from '../../settings/api/settings.ts';

export function CustomFieldInput({ field }: { field: CustomField }) {
  const { t, i18n } = useTranslation();
  const label = localLabel(field.label, i18n.language, field.key);
  const options = field.options.map((o) => ({ value: o.value, label: localLabel(o.label ?? {}, i18n.language, o.value) }));
  const rules = field.required ? [{ required: true, message: t('validation.required') }] : [];
  const name = ['custom', field.key];
  switch (field.type) {
    case 'number':
      return <Form.Item name={name} label={label} rules={rules}><InputNumber style={{ width: '100%' }} /></Form.Item>;
    case 'date':
      return <Form.Item name={name} label={label} rules={rules}><Input type="date" /></Form.Item>;
    case 'boolean':
      return <Form.Item name={name} label={label} valuePropName="checked"><Checkbox /></Form.Item>;
    case 'select':
      return <Form.Item name={name} label={label} rules={rules}><Select allowClear options={options} /></Form.Item>;
    case 'multi_select':
      return <Form.Item name={name} label={label} rules={rules}><Select mode="multiple" allowClear options={options} /></Form.Item>;
    case 'money':
      return (
        <Form.Item label={label} required={field.required}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name={[...name, 'amount']} noStyle rules={rules}><Input inputMode="decimal" style={{ width: '70%' }} /></Form.Item>
            <Form.Item name={[...name, 'currency']} noStyle initialValue="CNY"><Select style={{ width: '30%' }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    default:
      return <Form.Item name={name} label={label} rules={rules}><Input /></Form.Item>;
  }
}

/** Custom-field definitions for people and organisations; labels in all three languages. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Segmented, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap, type CustomField, type Schemas } from '../../../api/client.ts';
import { localLabel, useCustomFields } from '../api/settings.ts';

type NewField = Schemas['CustomFieldCreateInput'] & { optionsText?: string };
const TYPES = ['text', 'number', 'date', 'select', 'multi_select', 'boolean', 'money'] as const;

export function CustomFieldsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [objectType, setObjectType] = useState<'person' | 'organisation'>('person');
  const fields = useCustomFields(objectType);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewField>();
  const type = Form.useWatch('type', form);
  const create = useMutation({
    mutationFn: async ({ optionsText, ...body }: NewField) => {
      const options = (optionsText ?? '').split(/[,，、\n]/).map((o) => o.trim()).filter(Boolean).map((value) => ({ value }));
      return unwrap(await api.POST('/api/v1/custom-fields', { body: { ...body, objectType, ...(options.length ? { options } : {}) } }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['custom-fields'] });
      setOpen(false);
      form.resetFields();
      message.success(t('common.saved'));
    },
    onError: (error) => {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: (i.field === 'options' ? 'optionsText' : i.field) as keyof NewField, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    },
  });
  return (
    <>
      <div style={{ display: 'flex', gap: 8, marginBottom: 12, flexWrap: 'wrap' }}>
        <Segmented value={objectType} onChange={(v) => setObjectType(v as 'person' | 'organisation')} options={[{ value: 'person', label: t('nav.people') }, { value: 'organisation', label: t('nav.organisations') }]} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('settings.addField')}</Button>
      </div>
      <Table<CustomField>
        size="small"
        rowKey="id"
        loading={fields.isPending}
        dataSource={fields.data ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('settings.noFields') }}
        columns={[
          { key: 'label', title: t('settings.fieldLabel'), render: (_: unknown, f) => localLabel(f.label, i18n.language, f.key) },
          { key: 'key', title: t('settings.fieldKey'), render: (_: unknown, f) => <code>{f.key}</code> },
          { key: 'type', title: t('settings.fieldType'), render: (_: unknown, f) => t(`fieldType.${f.type}`) },
          { key: 'required', title: t('settings.required'), render: (_: unknown, f) => (f.required ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
        ]}
      />
      <Modal open={open} title={t('settings.addField')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} forceRender>
        <Form<NewField> form={form} layout="vertical" initialValues={{ type: 'text', required: false }} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="key" label={t('settings.fieldKey')} extra={t('settings.keyRule')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,62}$/, message: t('settings.keyRule') }]}><Input /></Form.Item>
          <Form.Item name={['label', 'zh-CN']} label={t('settings.labelIn', { language: '简体中文' })}><Input /></Form.Item>
          <Form.Item name={['label', 'zh-TW']} label={t('settings.labelIn', { language: '繁體中文' })}><Input /></Form.Item>
          <Form.Item name={['label', 'en']} label={t('settings.labelIn', { language: 'English' })}><Input /></Form.Item>
          <Form.Item name="type" label={t('settings.fieldType')}><Select options={TYPES.map((v) => ({ value: v, label: t(`fieldType.${v}`) }))} /></Form.Item>
          {(type === 'select' || type === 'multi_select') && (
            <Form.Item name="optionsText" label={t('settings.options')} extra={t('settings.optionsHint')} rules={[{ required: true, message: t('validation.required') }]}><Input.TextArea autoSize /></Form.Item>
          )}
          <Form.Item name="required" label={t('settings.required')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Change a contract's title, value, status and dates, with If-Match; a stale edit offers a reload. */
import { useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { patchContract, refreshCommerce, type Contract } from '../api/commerce.ts';
import { formName } from '../lib/fields.ts';

const DATES = ['signedOn', 'startsOn', 'endsOn', 'renewalOn', 'warrantyEndsOn'] as const;
const STATUSES = ['draft', 'active', 'expired', 'terminated'] as const;
type Values = { title: string; value: string; status: (typeof STATUSES)[number] } & Partial<Record<(typeof DATES)[number], string>>;

export function ContractEditModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const body = { title: v.title.trim(), value: v.value.trim(), status: v.status, ...Object.fromEntries(DATES.map((d) => [d, v[d] || null])) };
      const saved = await patchContract(contract, body);
      client.setQueryData(['commerce', 'contract', saved.id], saved);
      refreshCommerce(client);
      message.success(t('common.saved'));
      onClose();
    } catch (error) {
      if (isApiError(error, 412)) {
        modal.confirm({ title: t('conflict.title'), content: t('commerce.staleReload'), okText: t('sales.board.reload'), cancelText: t('common.cancel'), onOk: () => { refreshCommerce(client); onClose(); } });
      } else if (isApiError(error, 400) && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: formName(i.field) as never, errors: [i.message] })));
      } else {
        message.error(isApiError(error) ? error.message : t('common.error'));
      }
    } finally {
      setSaving(false);
    }
  };

  const initial: Values = { title: contract.title, value: contract.value, status: contract.status as Values['status'], ...Object.fromEntries(DATES.map((d) => [d, contract[d] ?? undefined])) };
  return (
    <Modal open title={t('commerce.contracts.edit')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item name="title" label={t('commerce.contracts.fields.title')} rules={[{ required: true, whitespace: true, message: t('sales.gate.required') }]}><Input /></Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}><Form.Item name="value" label={t('commerce.contracts.fields.value')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" suffix={contract.currency} /></Form.Item></Col>
          <Col xs={24} sm={12}><Form.Item name="status" label={t('commerce.contracts.fields.status')}><Select options={STATUSES.map((s) => ({ value: s, label: t(`commerce.contractStatus.${s}`) }))} /></Form.Item></Col>
          {DATES.map((d) => <Col key={d} xs={24} sm={12}><Form.Item name={d} label={t(`commerce.contracts.fields.${d}`)}><Input type="date" /></Form.Item></Col>)}
        </Row>
      </Form>
    </Modal>
  );
}

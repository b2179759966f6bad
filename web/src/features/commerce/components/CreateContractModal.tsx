/** Turn an accepted quote into a contract: its value and customer come from the quote, its opportunity (server-side) too. */
import { useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { opportunityChangedElsewhere } from '../../sales/api/sales.ts';
import { createContract, refreshCommerce, today, type Quote } from '../api/commerce.ts';
import { formName } from '../lib/fields.ts';

type Values = { title: string; value: string; signedOn?: string; startsOn?: string; endsOn?: string; warrantyEndsOn?: string; terms?: string };

export function CreateContractModal({ quote, defaultTitle, onClose }: { quote: Quote; defaultTitle: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const date = (v?: string) => v || null;

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const contract = await createContract({
        title: v.title.trim(), value: v.value.trim(), currency: quote.currency, quoteId: quote.id,
        organisationId: quote.organisationId, personId: quote.personId, status: v.signedOn ? 'active' : 'draft',
        signedOn: date(v.signedOn), startsOn: date(v.startsOn), endsOn: date(v.endsOn), warrantyEndsOn: date(v.warrantyEndsOn), terms: v.terms?.trim() || null,
      });
      refreshCommerce(client);
      // The server gave the contract the quote's opportunity and recorded it there in the same transaction.
      if (contract.opportunityId) opportunityChangedElsewhere(client, contract.opportunityId);
      message.success(t('commerce.contracts.created', { number: contract.number }));
      navigate(`/contracts/${contract.id}`);
    } catch (error) {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: formName(i.field) as never, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <Modal open title={t('commerce.contracts.createFromQuote', { number: quote.number })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'save-contract' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ title: defaultTitle, value: quote.total, signedOn: today() }} onFinish={(v) => void submit(v)}>
        <Form.Item name="title" label={t('commerce.contracts.fields.title')} rules={[{ required: true, whitespace: true, message: t('sales.gate.required') }]}><Input data-testid="contract-title-input" /></Form.Item>
        <Form.Item name="value" label={t('commerce.contracts.fields.value')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('sales.invalidAmount') }]}><Input inputMode="decimal" suffix={quote.currency} /></Form.Item>
        <Row gutter={12}>
          <Col {...half}><Form.Item name="signedOn" label={t('commerce.contracts.fields.signedOn')}><Input type="date" /></Form.Item></Col>
          <Col {...half}><Form.Item name="startsOn" label={t('commerce.contracts.fields.startsOn')}><Input type="date" /></Form.Item></Col>
          <Col {...half}><Form.Item name="endsOn" label={t('commerce.contracts.fields.endsOn')}><Input type="date" /></Form.Item></Col>
          <Col {...half}><Form.Item name="warrantyEndsOn" label={t('commerce.contracts.fields.warrantyEndsOn')}><Input type="date" /></Form.Item></Col>
        </Row>
        <Form.Item name="terms" label={t('commerce.contracts.fields.terms')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
      </Form>
    </Modal>
  );
}

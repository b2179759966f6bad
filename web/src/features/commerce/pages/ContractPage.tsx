/**
 * /contracts/:id — a contract: value, dates (signed, term, renewal, warranty), the signed file, and from here the
 * order (the quote's lines, or one line for the contract value when there was no quote).
 */
import { DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Result, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { money } from '../../sales/lib/money.ts';
import { createOrder, refreshCommerce, today, useContract } from '../api/commerce.ts';
import { ContractEditModal } from '../components/ContractEditModal.tsx';
import { DeleteDocument } from '../components/DeleteDocument.tsx';

export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const contract = useContract(id);
  const [editing, setEditing] = useState(false);
  const [ordering, setOrdering] = useState(false);

  if (contract.isPending) return <PageLoading />;
  if (!contract.data) return <Result status={isApiError(contract.error, 404) ? '404' : 'error'} title={isApiError(contract.error, 404) ? t('commerce.contracts.notFound') : t('common.error')} />;
  const c = contract.data;

  const makeOrder = async () => {
    setOrdering(true);
    try {
      const order = await createOrder({
        contractId: c.id, organisationId: c.organisationId, personId: c.personId, currency: c.currency, orderedOn: today(), channel: 'direct',
        // The quote's lines are copied by the server; without a quote the order is the contract value itself.
        ...(c.quoteId ? { quoteId: c.quoteId } : { lines: [{ description: c.title, quantity: '1', unitPrice: c.value, taxRate: '0' }] }),
      });
      refreshCommerce(client);
      message.success(t('commerce.orders.created', { number: order.number }));
      navigate(`/orders/${order.id}`);
    } catch (error) {
      message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setOrdering(false);
    }
  };

  const upload = async (file: File) => {
    const body = new FormData();
    body.append('file', file);
    const response = await fetch(`/api/v1/contracts/${c.id}/signed-file`, { method: 'PUT', body, credentials: 'same-origin' });
    if (!response.ok) {
      const error = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      message.error(error.error?.message ?? t('common.error'));
      return;
    }
    client.setQueryData(['commerce', 'contract', c.id], await response.json());
    message.success(t('commerce.contracts.fileSaved'));
  };

  const d = (v: string | null) => format.date(v) || '—';
  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <div style={{ marginRight: 'auto' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="contract-title">{c.title}</Typography.Title>
            <Typography.Text type="secondary">{c.number}</Typography.Text>
          </div>
          <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`commerce.contractStatus.${c.status}`, { defaultValue: c.status })}</Tag>
          <Typography.Title level={4} style={{ margin: 0 }}>{money(format, c.value, c.currency)}</Typography.Title>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>
          <Button type="primary" loading={ordering} onClick={() => void makeOrder()} data-testid="create-order">{t('commerce.orders.create')}</Button>
          <Upload accept="application/pdf,image/jpeg,image/png,image/tiff" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
            <Button icon={<UploadOutlined />}>{t('commerce.contracts.uploadSigned')}</Button>
          </Upload>
          <DeleteDocument kind="contracts" doc={c} listPath={c.opportunityId ? `/opportunities/${c.opportunityId}` : '/orders'} />
          {c.signedFile && <a href={`/api/v1/contracts/${c.id}/signed-file`}><DownloadOutlined /> {c.signedFile.fileName}</a>}
        </Space>
      </Card>
      <Card size="small" title={t('sales.opportunity.details')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'customer', label: t('sales.field.customer'), children: <CustomerName organisationId={c.organisationId} personId={c.personId} /> },
            { key: 'opportunity', label: t('commerce.contracts.opportunity'), children: c.opportunityId ? <Link to={`/opportunities/${c.opportunityId}`}>{t('commerce.open')}</Link> : '—' },
            { key: 'quote', label: t('commerce.contracts.quote'), children: c.quoteId ? <Link to={`/quotes/${c.quoteId}`}>{t('commerce.open')}</Link> : '—' },
            { key: 'signedOn', label: t('commerce.contracts.fields.signedOn'), children: d(c.signedOn) },
            { key: 'term', label: t('commerce.contracts.term'), children: c.startsOn || c.endsOn ? `${d(c.startsOn)} – ${d(c.endsOn)}` : '—' },
            { key: 'renewalOn', label: t('commerce.contracts.fields.renewalOn'), children: d(c.renewalOn) },
            { key: 'warrantyEndsOn', label: t('commerce.contracts.fields.warrantyEndsOn'), children: d(c.warrantyEndsOn) },
            { key: 'terms', label: t('commerce.contracts.fields.terms'), span: 'filled', children: c.terms ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.terms}</Typography.Paragraph> : '—' },
          ]}
        />
      </Card>
      {editing && <ContractEditModal contract={c} onClose={() => setEditing(false)} />}
    </div>
  );
}

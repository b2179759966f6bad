/**
 * /quotes/new (optionally ?opportunityId=) and /quotes/:id — the quote editor: customer, validity, lines with
 * discounts and tax. Totals are the server's (each line rounded half-up, document totals the sums of the
 * rounded lines). From a quote: mark it sent / accepted / rejected, and make the contract.
 */
import { SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Dropdown, Form, Input, Result, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, isApiError, unwrap } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { CURRENCIES, useFormat } from '../../../i18n/format.ts';
import { opportunityChangedElsewhere } from '../../sales/api/sales.ts';
import { CustomerName } from '../../sales/components/CustomerName.tsx';
import { OrganisationSelect } from '../../sales/components/OrganisationSelect.tsx';
import { refreshCommerce, saveQuote, setQuoteStatus, usePriceListPrices, usePriceLists, useQuote, type Quote } from '../api/commerce.ts';
import { CreateContractModal } from '../components/CreateContractModal.tsx';
import { DeleteDocument } from '../components/DeleteDocument.tsx';
import { DocumentTotals } from '../components/DocumentTotals.tsx';
import { LinesEditor, linesToInput, type LineValues } from '../components/LinesEditor.tsx';
import { LinesTable } from '../components/LinesTable.tsx';
import { formName, tidyDecimal } from '../lib/fields.ts';
import '../commerce.css';

type Values = { organisationId?: string | null; priceListId?: string | null; currency: string; validUntil?: string; notes?: string; lines: LineValues[] };
const STATUS_COLOURS: Record<string, string> = { draft: 'default', sent: 'blue', accepted: 'green', rejected: 'red', expired: 'default' };

function toValues(q: Quote): Values {
  return {
    organisationId: q.organisationId, priceListId: q.priceListId, currency: q.currency, validUntil: q.validUntil ?? undefined, notes: q.notes ?? undefined,
    lines: q.lines.map((l) => ({ productId: l.productId, description: l.description, quantity: tidyDecimal(l.quantity), unitPrice: tidyDecimal(l.unitPrice, 2), discountPercent: tidyDecimal(l.discountPercent), taxRate: tidyDecimal(l.taxRate) })),
  };
}

export function QuotePage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const quote = useQuote(id);
  const opportunityId = quote.data?.opportunityId ?? params.get('opportunityId') ?? undefined;
  const opportunity = useQuery({
    queryKey: ['sales', 'opportunity', opportunityId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/opportunities/{id}', { params: { path: { id: opportunityId ?? '' } }, signal })),
    enabled: Boolean(opportunityId),
  });
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [contracting, setContracting] = useState(false);
  const q = quote.data;
  const currency = Form.useWatch('currency', form) ?? q?.currency;
  const priceListId = Form.useWatch('priceListId', form) ?? q?.priceListId;
  const priceLists = usePriceLists(currency);
  const prices = usePriceListPrices(priceListId);
  const priceOf = (productId: string) => prices.data?.get(productId);

  /** A newly chosen list re-prices the lines of its products (the others keep what was typed). */
  const choosePriceList = async (listId: string | null) => {
    if (!listId) return;
    const chosen = await client.fetchQuery({ queryKey: ['commerce', 'price-list', listId], queryFn: async ({ signal }) => new Map(unwrap(await api.GET('/api/v1/price-lists/{id}', { params: { path: { id: listId } }, signal })).items.map((i) => [i.productId, i.unitPrice])), staleTime: 60_000 });
    const lines = (form.getFieldValue('lines') as LineValues[] | undefined) ?? [];
    form.setFieldValue('lines', lines.map((l) => (l.productId && chosen.has(l.productId) ? { ...l, unitPrice: tidyDecimal(chosen.get(l.productId) ?? '', 2) } : l)));
  };

  // A new quote for an opportunity starts with its customer and currency.
  useEffect(() => {
    if (!id && opportunity.data) form.setFieldsValue({ organisationId: opportunity.data.organisationId, currency: opportunity.data.currency });
  }, [id, opportunity.data, form]);

  const save = async (values: Values, against: Quote | undefined = q) => {
    setSaving(true);
    try {
      const saved = await saveQuote(against, {
        currency: values.currency, organisationId: values.organisationId ?? null, personId: against ? against.personId : (opportunity.data?.personId ?? null),
        opportunityId: opportunityId ?? null, priceListId: values.priceListId ?? null, validUntil: values.validUntil || null, notes: values.notes?.trim() || null, lines: linesToInput(values.lines),
      });
      client.setQueryData(['commerce', 'quote', saved.id], saved);
      refreshCommerce(client);
      // The server recorded a new quote on its opportunity in the same transaction.
      if (!against && opportunityId) opportunityChangedElsewhere(client, opportunityId);
      message.success(t('common.saved'));
      if (!against) navigate(`/quotes/${saved.id}`, { replace: true });
      else form.setFieldsValue(toValues(saved));
    } catch (error) {
      if (isApiError(error, 412) && against) {
        const current = unwrap(await api.GET('/api/v1/quotes/{id}', { params: { path: { id: against.id } } }));
        modal.confirm({
          title: t('conflict.title'),
          content: t('conflict.explainSimple', { version: current.version }),
          okText: t('conflict.keepMine'),
          cancelText: t('conflict.reload'),
          onOk: () => save(values, current),
          onCancel: () => {
            client.setQueryData(['commerce', 'quote', current.id], current);
            form.setFieldsValue(toValues(current));
          },
        });
      } else if (isApiError(error) && error.code === 'COMMERCE.OPPORTUNITY_OTHER_CUSTOMER') {
        form.setFields([{ name: 'organisationId', errors: [t('commerce.quotes.otherCustomer')] }]);
      } else if (isApiError(error) && error.code === 'COMMERCE.OPPORTUNITY_READ_ONLY') {
        message.error(t('commerce.quotes.opportunityReadOnly'));
      } else if (isApiError(error, 400) && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: formName(i.field) as never, errors: [i.message] })));
        message.error(error.issues.map((i) => `${i.field}: ${i.message}`).join('; '));
      } else {
        message.error(isApiError(error) ? error.message : t('common.error'));
      }
    } finally {
      setSaving(false);
    }
  };

  const changeStatus = async (status: 'sent' | 'accepted' | 'rejected' | 'expired' | 'draft') => {
    if (!q) return;
    try {
      const saved = await setQuoteStatus(q, status);
      client.setQueryData(['commerce', 'quote', saved.id], saved);
      refreshCommerce(client);
    } catch (error) {
      if (isApiError(error, 412)) void quote.refetch();
      message.error(isApiError(error) ? error.message : t('common.error'));
    }
  };

  if (id && quote.isPending) return <PageLoading />;
  if (id && !q) return <Result status={isApiError(quote.error, 404) ? '404' : 'error'} title={isApiError(quote.error, 404) ? t('commerce.quotes.notFound') : t('common.error')} />;

  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0, marginRight: 'auto' }} data-testid="quote-title">
            {q ? t('commerce.quotes.one', { number: q.number }) : t('commerce.quotes.new')}
          </Typography.Title>
          {q && <Tag color={STATUS_COLOURS[q.status]} data-testid="quote-status">{t(`commerce.quoteStatus.${q.status}`, { defaultValue: q.status })}</Tag>}
          {q && (
            <Dropdown trigger={['click']} menu={{ items: (['sent', 'accepted', 'rejected', 'expired', 'draft'] as const).filter((s) => s !== q.status).map((s) => ({ key: s, label: t(`commerce.quoteStatus.${s}`), 'data-testid': `quote-status-${s}` })), onClick: ({ key }) => void changeStatus(key as 'sent') }}>
              <Button data-testid="quote-status-menu">{t('commerce.quotes.setStatus')}</Button>
            </Dropdown>
          )}
          {q && <Button type="primary" onClick={() => setContracting(true)} data-testid="create-contract">{t('commerce.contracts.create')}</Button>}
          {q && <DeleteDocument kind="quotes" doc={q} listPath="/quotes" />}
        </div>
        {opportunity.data && (
          <Typography.Text type="secondary">
            {t('commerce.quotes.forOpportunity')} <Link to={`/opportunities/${opportunity.data.id}`}>{opportunity.data.name}</Link>
          </Typography.Text>
        )}
      </Card>
      <Form form={form} layout="vertical" initialValues={q ? toValues(q) : { currency: 'CNY', lines: [{ quantity: '1', discountPercent: '0', taxRate: '13' }] }} onFinish={(v) => void save(v)}>
        <Card size="small" title={t('commerce.quotes.header')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={10}>
              {q ? (
                <Form.Item label={t('sales.field.customer')}><CustomerName organisationId={q.organisationId} personId={q.personId} /></Form.Item>
              ) : (
                <Form.Item name="organisationId" label={t('sales.field.customer')}><OrganisationSelect data-testid="quote-customer" /></Form.Item>
              )}
            </Col>
            <Col xs={10} md={4}>
              <Form.Item name="currency" label={t('sales.field.currency')}><Select disabled={Boolean(q)} options={CURRENCIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
            </Col>
            <Col xs={14} md={10}>
              <Form.Item name="validUntil" label={t('commerce.quotes.validUntil')}><Input type="date" data-testid="quote-valid-until" /></Form.Item>
            </Col>
          </Row>
          <Form.Item name="priceListId" label={t('commerce.quotes.priceList')} extra={q ? undefined : t('commerce.quotes.priceListHint')}>
            <Select
              allowClear
              disabled={Boolean(q)} // the server prices a quote's lines from the list it was made with
              placeholder={t('commerce.quotes.noPriceList')}
              loading={priceLists.isFetching}
              onChange={(v: string | undefined) => void choosePriceList(v ?? null)}
              options={(priceLists.data ?? []).map((l) => ({ value: l.id, label: `${l.name} · ${t('commerce.quotes.priceListItems', { count: l.itemCount })}` }))}
              data-testid="quote-price-list"
            />
          </Form.Item>
          <Form.Item name="notes" label={t('commerce.quotes.notes')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
        </Card>
        <Card size="small" title={t('commerce.lines.title')} style={{ marginBottom: 12 }}>
          <LinesEditor form={form as never} priceOf={priceOf} />
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="save-quote">{t('common.save')}</Button>
            <Typography.Text type="secondary">{t('commerce.quotes.serverComputes')}</Typography.Text>
          </Space>
        </Card>
      </Form>
      {q && (
        <Card size="small" title={t('commerce.quotes.asSaved', { date: format.dateTime(q.createdAt) })}>
          <LinesTable lines={q.lines} currency={q.currency} />
          <div style={{ marginTop: 12 }}><DocumentTotals doc={q} /></div>
        </Card>
      )}
      {contracting && q && <CreateContractModal quote={q} defaultTitle={opportunity.data?.name ?? t('commerce.quotes.one', { number: q.number })} onClose={() => setContracting(false)} />}
    </div>
  );
}

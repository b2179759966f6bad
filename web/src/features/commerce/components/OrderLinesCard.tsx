/**
 * An order's lines and totals, and changing them while no invoice bills the order. Once one does, the lines are
 * fixed (the invoice bills exactly them): the page says which invoice, and if an invoice arrived after the page
 * loaded, the server's 409 is shown in the editor with everything typed still there. If someone else changed the
 * order meanwhile (412), the user chooses: save theirs over it, or load the current lines (as the people page does).
 */
import { EditOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap } from '../../../api/client.ts';
import { refreshCommerce, saveOrderLines, type Order, type Receivable } from '../api/commerce.ts';
import { tidyDecimal } from '../lib/fields.ts';
import { DocumentTotals } from './DocumentTotals.tsx';
import { LinesEditor, linesToInput, type LineValues } from './LinesEditor.tsx';
import { LinesTable } from './LinesTable.tsx';

type Props = { order: Order; invoices: Receivable[] };

export function OrderLinesCard({ order, invoices }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ lines: LineValues[] }>();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const billing = invoices.find((r) => r.status !== 'cancelled');
  const fixedBecause = billing ? t('commerce.orders.linesFixed', { invoice: billing.number }) : order.status === 'cancelled' ? t('commerce.orders.linesCancelled') : undefined;

  const valuesOf = (o: Order): LineValues[] => o.lines.map((l) => ({ productId: l.productId, description: l.description, quantity: tidyDecimal(l.quantity), unitPrice: tidyDecimal(l.unitPrice, 2), discountPercent: tidyDecimal(l.discountPercent), taxRate: tidyDecimal(l.taxRate) }));

  /** Someone else saved the order since it was loaded: keep what was typed until the user chooses. */
  const askAfterStale = async (values: { lines: LineValues[] }) => {
    const current = unwrap(await api.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } }));
    modal.confirm({
      title: t('conflict.title'),
      content: t('conflict.explainSimple', { version: current.version }),
      okText: t('conflict.keepMine'),
      cancelText: t('conflict.reload'),
      okButtonProps: { 'data-testid': 'order-lines-keep-mine' },
      cancelButtonProps: { 'data-testid': 'order-lines-reload' },
      onOk: () => save(values, current),
      onCancel: () => {
        client.setQueryData(['commerce', 'order', current.id], current);
        form.setFieldsValue({ lines: valuesOf(current) });
      },
    });
  };

  const save = async (values: { lines: LineValues[] }, against: Order = order) => {
    setSaving(true);
    setRefusal(undefined);
    try {
      const saved = await saveOrderLines(against, linesToInput(values.lines));
      client.setQueryData(['commerce', 'order', order.id], saved);
      refreshCommerce(client);
      message.success(t('commerce.orders.linesSaved'));
      setEditing(false);
    } catch (error) {
      if (isApiError(error, 409)) {
        // Invoiced or cancelled meanwhile: say why in the user's language, keep the edits, and fetch the invoice.
        const invoice = (error.details as { invoice?: string } | undefined)?.invoice;
        setRefusal(error.code === 'COMMERCE.ORDER_INVOICED' && invoice ? t('commerce.orders.linesFixed', { invoice }) : error.code === 'COMMERCE.ORDER_CANCELLED' ? t('commerce.orders.linesCancelled') : error.message);
        refreshCommerce(client);
      }
      else if (isApiError(error, 412)) await askAfterStale(values);
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  const start = () => {
    form.setFieldsValue({ lines: valuesOf(order) });
    setRefusal(undefined);
    setEditing(true);
  };

  return (
    <Card
      size="small"
      title={t('commerce.lines.title')}
      style={{ marginBottom: 12 }}
      extra={!editing && !fixedBecause ? <Button size="small" icon={<EditOutlined />} onClick={start} data-testid="edit-order-lines">{t('commerce.orders.editLines')}</Button> : null}
    >
      {fixedBecause && !editing && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={fixedBecause} data-testid="order-lines-fixed" />}
      {editing ? (
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={refusal} data-testid="order-lines-refused" />}
          <LinesEditor form={form as never} />
          <Space style={{ marginTop: 12 }} wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="save-order-lines">{t('common.save')}</Button>
            <Button onClick={() => setEditing(false)} data-testid="cancel-order-lines">{t('common.cancel')}</Button>
            <Typography.Text type="secondary">{t('commerce.quotes.serverComputes')}</Typography.Text>
          </Space>
        </Form>
      ) : (
        <>
          <LinesTable lines={order.lines} currency={order.currency} />
          <div style={{ marginTop: 12 }}><DocumentTotals doc={order} /></div>
        </>
      )}
    </Card>
  );
}

/**
 * The lines of a quote: product (optional), description, quantity, unit price, discount and tax rate. Amounts are
 * not worked out here: the server rounds each line half-up and sums the rounded lines, and the page shows its
 * figures after saving, so what the customer sees is exactly what was stored.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { tidyDecimal } from '../lib/fields.ts';
import { ProductSelect } from './ProductSelect.tsx';

export type LineValues = { productId?: string | null; description?: string; quantity: string; unitPrice?: string; discountPercent?: string; taxRate?: string };

const decimal = (max: number) => new RegExp(`^\\d{1,14}(\\.\\d{1,${max}})?$`);

/** `priceOf`: the chosen price list's price of a product, used instead of its list price when one is picked. */
export function LinesEditor({ form, priceOf }: { form: FormInstance<{ lines: LineValues[] }>; priceOf?: (productId: string) => string | undefined }) {
  const { t } = useTranslation();
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <div data-testid="lines-editor">
          {fields.map((field, index) => (
            <div key={field.key} className="gx-line" data-testid={`line-${index}`}>
              <Form.Item name={[field.name, 'productId']} label={t('commerce.lines.product')} className="gx-line-product">
                <ProductSelect
                  data-testid={`line-${index}-product`}
                  onProduct={(p) => {
                    if (!p) return;
                    form.setFieldValue(['lines', field.name, 'description'], p.name);
                    form.setFieldValue(['lines', field.name, 'unitPrice'], tidyDecimal(priceOf?.(p.id) ?? p.listPrice, 2));
                    form.setFieldValue(['lines', field.name, 'taxRate'], tidyDecimal(p.taxRate));
                  }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'description']} label={t('commerce.lines.description')} className="gx-line-description">
                <Input data-testid={`line-${index}-description`} />
              </Form.Item>
              <Form.Item name={[field.name, 'quantity']} label={t('commerce.lines.quantity')} rules={[{ required: true, pattern: decimal(3), message: t('commerce.lines.badNumber') }]}>
                <Input inputMode="decimal" data-testid={`line-${index}-quantity`} />
              </Form.Item>
              <Form.Item name={[field.name, 'unitPrice']} label={t('commerce.lines.unitPrice')} rules={[{ pattern: decimal(4), message: t('commerce.lines.badNumber') }]}>
                <Input inputMode="decimal" data-testid={`line-${index}-unitPrice`} />
              </Form.Item>
              <Form.Item name={[field.name, 'discountPercent']} label={t('commerce.lines.discount')} rules={[{ pattern: /^\d{1,3}(\.\d{1,2})?$/, message: t('commerce.lines.badPercent') }]}>
                <Input inputMode="decimal" suffix="%" data-testid={`line-${index}-discount`} />
              </Form.Item>
              <Form.Item name={[field.name, 'taxRate']} label={t('commerce.lines.tax')} rules={[{ pattern: /^\d{1,3}(\.\d{1,2})?$/, message: t('commerce.lines.badPercent') }]}>
                <Input inputMode="decimal" suffix="%" data-testid={`line-${index}-tax`} />
              </Form.Item>
              <Button aria-label={t('commerce.lines.remove')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} className="gx-line-remove" />
            </div>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ quantity: '1', discountPercent: '0', taxRate: '13' })} data-testid="add-line">{t('commerce.lines.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}

/** Form lines → the API's line inputs (blank optional values left out, so the catalogue's defaults apply). */
export function linesToInput(lines: LineValues[]) {
  return lines.map((l) => ({
    ...(l.productId ? { productId: l.productId } : {}),
    ...(l.description?.trim() ? { description: l.description.trim() } : {}),
    quantity: l.quantity.trim(),
    ...(l.unitPrice?.trim() ? { unitPrice: l.unitPrice.trim() } : {}),
    ...(l.discountPercent?.trim() ? { discountPercent: l.discountPercent.trim() } : {}),
    ...(l.taxRate?.trim() ? { taxRate: l.taxRate.trim() } : {}),
  }));
}

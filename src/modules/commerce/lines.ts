/** Turns line inputs into priced lines: catalogue defaults (price list, then list price; tax rate), then money.ts. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import type { CommerceDb } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { LineColumns } from './commerce.tables.ts';
import type { LineInputBody } from './document.schema.ts';
import { priceLine } from './money.ts';

export type PricedLine = Omit<Selectable<LineColumns>, 'tenantId'> & { sku: string | null };

export async function priceLines(db: CommerceDb, ctx: ActorContext, currency: string, priceListId: string | null | undefined, lines: LineInputBody[]): Promise<PricedLine[]> {
  const productIds = [...new Set(lines.map((l) => l.productId).filter((id): id is string => Boolean(id)))];
  const products = productIds.length ? await db.selectFrom('products').selectAll().where('tenantId', '=', ctx.tenantId).where('id', 'in', productIds).where('deletedAt', 'is', null).execute() : [];
  const listPrices = priceListId && productIds.length ? await db.selectFrom('priceListItems').selectAll().where('tenantId', '=', ctx.tenantId).where('priceListId', '=', priceListId).where('productId', 'in', productIds).execute() : [];
  return lines.map((line, index) => {
    const product = line.productId ? products.find((p) => p.id === line.productId) : undefined;
    if (line.productId && !product) throw commerceErrors.badReference(`lines.${index}.productId`, 'product', line.productId);
    const listed = listPrices.find((p) => p.productId === line.productId)?.unitPrice;
    if (!line.unitPrice && !listed && product && product.currency !== currency) throw commerceErrors.invalid(`lines.${index}.unitPrice`, `the product is priced in ${product.currency}, the document in ${currency}; give the unit price`);
    const unitPrice = line.unitPrice ?? listed ?? product?.listPrice;
    if (!unitPrice) throw commerceErrors.invalid(`lines.${index}.unitPrice`, 'give a unit price or a product');
    const description = line.description || product?.name;
    if (!description) throw commerceErrors.invalid(`lines.${index}.description`, 'give a description or a product');
    const taxRate = line.taxRate ?? product?.taxRate ?? '0';
    const discountPercent = line.discountPercent ?? '0';
    return { id: newId(), position: index + 1, productId: product?.id ?? null, sku: product?.sku ?? null, description, quantity: line.quantity, unitPrice, discountPercent, taxRate, ...priceLine({ quantity: line.quantity, unitPrice, discountPercent, taxRate }) };
  });
}

/** Strips database noise from a line row for the API (numeric strings keep their exact digits). */
export const lineOut = (row: Omit<Selectable<LineColumns>, 'tenantId'>) => ({
  id: row.id,
  position: row.position,
  productId: row.productId,
  description: row.description,
  quantity: row.quantity,
  unitPrice: row.unitPrice,
  discountPercent: row.discountPercent,
  taxRate: row.taxRate,
  grossAmount: row.grossAmount,
  discountAmount: row.discountAmount,
  netAmount: row.netAmount,
  taxAmount: row.taxAmount,
  totalAmount: row.totalAmount,
});

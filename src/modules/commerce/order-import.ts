/**
 * Import of historical orders. One row per order line; rows of one order are consecutive and share the order
 * number. The customer is named by id or by a natural key (customer code, phone, e-mail — looked up in the
 * directory), the product by SKU or name (missing ones optionally created), channel and region as text.
 * Streaming: orders are written in batches as the file is read. Idempotent: an order whose number is already
 * there is skipped. Resumable: each batch commits its orders, its rejected rows and the position reached
 * (`onBatch`, in the same transaction), so a resumed run starts after the last committed row.
 * An order with any invalid row is rejected whole — every one of its rows is reported with line and reason.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ActorContext } from '../../kernel/context.ts';
import { isAppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { assertMayWriteFor, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { assertMayChangeCatalogue } from './catalog.service.ts';
import { checkRow, sameOrder } from './import-checks.ts';
import { createStatisticsKeeper } from './import-statistics.ts';
import { customerAnswerOf, resolveCustomers, resolveProducts, type Customer, type ProductIndex } from './import-resolve.ts';
import type { PricedLine } from './lines.ts';
import { priceLine } from './money.ts';
import { readCsvRows, readXlsxRows, type RawRow } from './order-rows.ts';
import { writeOrders, type OrderHeader } from './order.service.ts';

const rejectionSchema = z.object({ line: z.number().int(), orderNumber: z.string().nullable(), reason: z.string() });
export type Rejection = z.infer<typeof rejectionSchema>;

export const importReportSchema = z
  .object({
    rowsRead: z.number().int(),
    ordersImported: z.number().int(),
    ordersSkipped: z.number().int().describe('Already imported (same order number)'),
    linesImported: z.number().int(),
    productsCreated: z.number().int().describe('Products created for SKUs or names not in the catalogue (createProducts)'),
    rejected: z.array(rejectionSchema).describe('Every row not imported, with its line in the file'),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReportSchema>;

/** What one committed batch added; `rowsDone` is the position reached (data rows, counted from 1). */
export type BatchResult = { rowsDone: number; ordersImported: number; ordersSkipped: number; linesImported: number; productsCreated: number; rejected: Rejection[] };

export type ImportOptions = {
  format: 'csv' | 'xlsx';
  batchOrders?: number;
  /** Create products for SKUs or names the catalogue lacks (priced at the row's unit price). */
  createProducts?: boolean;
  onProgress?: (rowsRead: number) => void;
  /** Rows already committed by an earlier run of the same file: they are read past, not imported again. */
  resumeAfterRow?: number;
  /** Called inside each batch's transaction, so progress commits with the orders it describes. */
  onBatch?: (trx: CommerceDb, batch: BatchResult) => Promise<void>;
};

type Group = { number: string; rows: RawRow[] };
type NewProduct = { sku: string; name: string; listPrice: string; currency: string; taxRate: string | undefined };
type Line = Omit<PricedLine, 'productId'> & { productId: string | null; newSku?: string };
type Checked = { header: { orderedOn: string; channel: string | null; region: string | null; store: string | null; currency: string } & Customer; lines: Line[]; products: NewProduct[] } | { errors: Array<{ line: number; reason: string }> };

/** A SKU for a product created from a name alone: stable, so a re-run finds the same product. */
const skuForName = (name: string) => `IMP-${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;

export function createOrderImport(deps: CommerceDeps, db: CommerceDb) {
  function checkGroup(ctx: ActorContext, group: Group, products: ProductIndex, customers: Awaited<ReturnType<typeof resolveCustomers>>, createProducts: boolean): Checked {
    const errors: Array<{ line: number; reason: string }> = [];
    const first = group.rows[0]?.values ?? {};
    const currency = first.currency || 'CNY';
    const lines: Line[] = [];
    const created = new Map<string, NewProduct>();
    for (const [index, row] of group.rows.entries()) {
      const v = row.values;
      const reject = (reason: string) => errors.push({ line: row.line, reason });
      const problem = checkRow(row);
      if (problem) { reject(problem); continue; }
      if (!sameOrder(first, v)) { reject(`order ${group.number}: date, customer and currency must be the same on every line`); continue; }
      const answer = customerAnswerOf(customers, row);
      if ('reason' in answer) { reject(answer.reason); continue; }
      const named = v.sku ? undefined : products.byName.get(v.description ?? '');
      if (named && named.length > 1) { reject(`product: "${v.description}" names ${named.length} products; give the sku`); continue; }
      const product = v.sku ? products.bySku.get(v.sku) : named?.[0];
      let newSku: string | undefined;
      if (!product && v.sku && !createProducts) { reject(`sku: no product "${v.sku}" (import with create products to add it)`); continue; }
      if (!product && createProducts) {
        if (!v.unitPrice) { reject(`unit_price: "${v.sku ?? v.description}" is not in the catalogue, so the row must give its price`); continue; }
        newSku = v.sku || skuForName(v.description ?? '');
        if (!created.has(newSku)) created.set(newSku, { sku: newSku, name: v.description || newSku, listPrice: v.unitPrice, currency, taxRate: v.taxRate || undefined });
      }
      if (!v.unitPrice && product && product.currency !== currency) { reject(`unit_price: product ${product.sku} is priced in ${product.currency}, the order in ${currency}; give the unit price`); continue; }
      const unitPrice = v.unitPrice || product?.listPrice;
      if (!unitPrice) { reject(`unit_price: "${v.description}" is not in the catalogue, so the row must give its price`); continue; }
      const amounts = { quantity: v.quantity ?? '0', unitPrice, discountPercent: v.discountPercent || '0', taxRate: v.taxRate || product?.taxRate || '0' };
      lines.push({ id: newId(), position: index + 1, productId: product?.id ?? null, sku: product?.sku ?? newSku ?? null, description: v.description || product?.name || v.sku || '', ...amounts, ...priceLine(amounts), ...(newSku ? { newSku } : {}) });
    }
    const customer = group.rows[0] ? customerAnswerOf(customers, group.rows[0]) : undefined;
    if (!errors.length && customer && 'customer' in customer) {
      try {
        assertMayWriteFor(ctx, 'order', customer.customer.ownerId);
      } catch (error) {
        if (!isAppError(error)) throw error;
        for (const row of group.rows) errors.push({ line: row.line, reason: 'customer: your role may not write orders for this customer (their owner is outside your scope)' });
      }
    }
    if (errors.length || !customer || !('customer' in customer)) {
      const bad = new Set(errors.map((e) => e.line));
      for (const row of group.rows) if (!bad.has(row.line)) errors.push({ line: row.line, reason: `order ${group.number} rejected because of line ${errors[0]?.line}` });
      return { errors: errors.sort((a, b) => a.line - b.line) };
    }
    return { header: { ...customer.customer, orderedOn: first.orderedOn ?? '', channel: first.channel || null, region: first.region || null, store: first.store || null, currency }, lines, products: [...created.values()] };
  }

  /** Creates the planned products (a concurrent run may have made one already) and answers sku → id. */
  async function createProducts(trx: CommerceDb, ctx: ActorContext, planned: NewProduct[]): Promise<{ ids: Map<string, string>; created: number }> {
    const ids = new Map<string, string>();
    if (!planned.length) return { ids, created: 0 };
    const rows = await trx
      .insertInto('products')
      .values(planned.map((p) => ({ tenantId: ctx.tenantId, id: newId(), sku: p.sku, name: p.name, listPrice: p.listPrice, currency: p.currency, ...(p.taxRate ? { taxRate: p.taxRate } : {}), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })))
      .onConflict((oc) => oc.columns(['tenantId', 'sku']).doNothing())
      .returning(['id', 'sku'])
      .execute();
    if (rows.length) await appendEvents(trx, ctx, rows.map((row) => ({ type: 'commerce.product.created', aggregateType: 'product', aggregateId: row.id, payload: { sku: row.sku, source: 'import' } })));
    const existing = await trx.selectFrom('products').select(['id', 'sku']).where('tenantId', '=', ctx.tenantId).where('sku', 'in', planned.map((p) => p.sku)).execute();
    for (const row of existing) ids.set(row.sku, row.id);
    return { ids, created: rows.length };
  }

  async function flush(ctx: ActorContext, allGroups: Group[], rejectedBefore: Rejection[], rowsDone: number, options: ImportOptions): Promise<BatchResult> {
    // Orders already there (a re-run, a resumed job) are skipped before anything is looked up for them.
    const numbers = allGroups.map((g) => g.number);
    const there = new Set(numbers.length ? (await db.selectFrom('orders').select('number').where('tenantId', '=', ctx.tenantId).where('number', 'in', numbers).execute()).map((o) => o.number) : []);
    const groups = allGroups.filter((g) => !there.has(g.number));
    const rows = groups.flatMap((g) => g.rows);
    const products = await resolveProducts(db, ctx, rows);
    const customers = await resolveCustomers(deps, ctx, rows);
    const checked = groups.map((group) => ({ group, result: checkGroup(ctx, group, products, customers, options.createProducts ?? false) }));
    return db.transaction().execute(async (trx) => {
      const batch: BatchResult = { rowsDone, ordersImported: 0, ordersSkipped: there.size, linesImported: 0, productsCreated: 0, rejected: [...rejectedBefore] };
      // Orders already there are skipped; only the orders still to write may create products.
      const numbers = checked.filter(({ result }) => 'lines' in result).map(({ group }) => group.number);
      const existing = new Set(numbers.length ? (await trx.selectFrom('orders').select('number').where('tenantId', '=', ctx.tenantId).where('number', 'in', numbers).execute()).map((o) => o.number) : []);
      const planned = new Map(checked.flatMap(({ group, result }) => ('products' in result && !existing.has(group.number) ? result.products : [])).map((p) => [p.sku, p]));
      const made = await createProducts(trx, ctx, [...planned.values()]);
      batch.productsCreated = made.created;
      const toWrite: Array<{ header: OrderHeader; lines: PricedLine[] }> = [];
      for (const { group, result } of checked) {
        if ('errors' in result) {
          batch.rejected.push(...result.errors.map((e) => ({ ...e, orderNumber: group.number })));
          continue;
        }
        if (existing.has(group.number)) {
          batch.ordersSkipped++;
          continue;
        }
        const lines = result.lines.map(({ newSku, ...line }) => ({ ...line, productId: line.productId ?? (newSku ? (made.ids.get(newSku) ?? null) : null) }));
        toWrite.push({ header: { ...result.header, number: group.number, source: 'import' }, lines });
      }
      // One statement each for the orders, their lines and their events (a number taken meanwhile is skipped).
      const written = await writeOrders(trx, ctx, toWrite);
      const linesOf = new Map(toWrite.map((o) => [o.header.number, o.lines.length]));
      batch.ordersImported += written.length;
      batch.ordersSkipped += toWrite.length - written.length;
      batch.linesImported += written.reduce((n, row) => n + (linesOf.get(row.number) ?? 0), 0);
      await options.onBatch?.(trx, batch);
      return batch;
    });
  }

  async function run(ctx: ActorContext, input: Readable, options: ImportOptions): Promise<ImportReport> {
    if (options.createProducts) assertMayChangeCatalogue(ctx);
    const report: ImportReport = { rowsRead: 0, ordersImported: 0, ordersSkipped: 0, linesImported: 0, productsCreated: 0, rejected: [] };
    const rows = options.format === 'xlsx' ? readXlsxRows(input) : readCsvRows(input);
    const resumeAfter = options.resumeAfterRow ?? 0;
    const batch: Group[] = [];
    let pending: Rejection[] = [];
    const seen = new Set<string>();
    let current: Group | undefined;
    const statistics = createStatisticsKeeper(db);
    const add = async (result: BatchResult) => {
      await statistics.afterBatch(result.ordersImported);
      report.ordersImported += result.ordersImported;
      report.ordersSkipped += result.ordersSkipped;
      report.linesImported += result.linesImported;
      report.productsCreated += result.productsCreated;
      report.rejected.push(...result.rejected);
    };
    const commit = async (rowsDone: number) => {
      if (!batch.length && !pending.length) return;
      await add(await flush(ctx, batch.splice(0), pending, rowsDone, options));
      pending = [];
    };
    const close = async (rowsDone: number) => {
      if (current) batch.push(current);
      current = undefined;
      if (batch.length >= (options.batchOrders ?? 200)) await commit(rowsDone);
    };
    for await (const row of rows) {
      report.rowsRead++;
      options.onProgress?.(report.rowsRead);
      const number = row.values.orderNumber?.trim();
      if (report.rowsRead <= resumeAfter) {
        // Committed by an earlier run: only the order numbers matter (to spot an order split across the file).
        if (number) seen.add(number);
        continue;
      }
      if (!number) {
        pending.push({ line: row.line, orderNumber: null, reason: 'order_number is empty' });
        continue;
      }
      if (number.length > 60) {
        pending.push({ line: row.line, orderNumber: number.slice(0, 60), reason: 'order_number is longer than 60 characters' });
        continue;
      }
      if (current?.number !== number) {
        await close(report.rowsRead - 1);
        if (seen.has(number)) {
          pending.push({ line: row.line, orderNumber: number, reason: `order ${number} appeared earlier in the file; the lines of an order must be consecutive` });
          continue;
        }
        seen.add(number);
        current = { number, rows: [] };
      }
      current.rows.push(row);
    }
    if (current) batch.push(current);
    current = undefined;
    await commit(report.rowsRead);
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }

  return { run };
}

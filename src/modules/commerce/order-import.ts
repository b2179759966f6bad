/**
 * Import of historical orders. One row per order line; rows of one order are consecutive and share the order
 * number. Streaming: orders are written in batches as the file is read. Idempotent: an order whose number is
 * already there is skipped, so re-running a file (or resuming after an interruption) adds only what is missing.
 * An order with any invalid row is rejected whole — every one of its rows is reported with line and reason,
 * so nothing is lost silently; the valid orders around it are imported.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import type { CommerceDb, CommerceDeps } from './commerce.deps.ts';
import type { PricedLine } from './lines.ts';
import { priceLine } from './money.ts';
import { readCsvRows, readXlsxRows, type RawRow } from './order-rows.ts';
import { writeOrder } from './order.service.ts';

export const importReportSchema = z
  .object({
    rowsRead: z.number().int(),
    ordersImported: z.number().int(),
    ordersSkipped: z.number().int().describe('Already imported (same order number)'),
    linesImported: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), orderNumber: z.string().nullable(), reason: z.string() })).describe('Every row not imported, with its line in the file'),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReportSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dec = (int: number, frac: number) => new RegExp(`^\\d{1,${int}}(\\.\\d{1,${frac}})?$`);

type Group = { number: string; rows: RawRow[] };
type Checked = { header: { organisationId: string | null; personId: string | null; orderedOn: string; channel: string | null; region: string | null; store: string | null; currency: string }; lines: Array<Omit<PricedLine, 'productId'> & { productId: string | null }> } | { errors: Array<{ line: number; reason: string }> };

function checkRow(row: RawRow): string | null {
  const v = row.values;
  if (!v.orderedOn || !DATE.test(v.orderedOn) || Number.isNaN(Date.parse(`${v.orderedOn}T00:00:00Z`)) || new Date(`${v.orderedOn}T00:00:00Z`).toISOString().slice(0, 10) !== v.orderedOn) return `ordered_on: "${v.orderedOn ?? ''}" is not a date written YYYY-MM-DD`;
  if (!v.organisationId && !v.personId) return 'no customer: give organisation_id or person_id';
  if (v.organisationId && !UUID.test(v.organisationId)) return `organisation_id: "${v.organisationId}" is not an id`;
  if (v.personId && !UUID.test(v.personId)) return `person_id: "${v.personId}" is not an id`;
  if (!v.quantity || !dec(14, 3).test(v.quantity) || Number(v.quantity) <= 0) return `quantity: "${v.quantity ?? ''}" is not a positive number (at most 3 decimals)`;
  if (!v.unitPrice || !dec(14, 4).test(v.unitPrice)) return `unit_price: "${v.unitPrice ?? ''}" is not a price (at most 4 decimals)`;
  if (v.discountPercent && (!dec(3, 2).test(v.discountPercent) || Number(v.discountPercent) > 100)) return `discount_percent: "${v.discountPercent}" is not a percentage 0–100`;
  if (v.taxRate && (!dec(3, 2).test(v.taxRate) || Number(v.taxRate) > 100)) return `tax_rate: "${v.taxRate}" is not a percentage 0–100`;
  if (v.currency && !/^[A-Z]{3}$/.test(v.currency)) return `currency: "${v.currency}" is not an ISO-4217 code`;
  if (!v.sku && !v.description) return 'give a sku or a product description';
  for (const [key, value] of Object.entries(v)) if (value.length > 500 || value.includes('\u0000')) return `${key}: too long or contains NUL`;
  return null;
}

export function createOrderImport(deps: CommerceDeps, db: CommerceDb) {
  async function checkGroup(ctx: ActorContext, group: Group, skus: Map<string, { id: string; name: string; taxRate: string }>, parties: Map<string, boolean>): Promise<Checked> {
    const errors: Array<{ line: number; reason: string }> = [];
    for (const row of group.rows) {
      const problem = checkRow(row) ?? (row.values.sku && !skus.has(row.values.sku) ? `sku: no product "${row.values.sku}"` : null) ?? (row.values.organisationId && parties.get(row.values.organisationId) === false ? `organisation_id: no organisation ${row.values.organisationId}` : null) ?? (row.values.personId && parties.get(row.values.personId) === false ? `person_id: no person ${row.values.personId}` : null);
      if (problem) errors.push({ line: row.line, reason: problem });
    }
    const first = group.rows[0]?.values ?? {};
    for (const row of group.rows) {
      const v = row.values;
      if ((v.orderedOn ?? '') !== (first.orderedOn ?? '') || (v.organisationId ?? '') !== (first.organisationId ?? '') || (v.personId ?? '') !== (first.personId ?? '') || (v.currency ?? '') !== (first.currency ?? ''))
        if (!errors.some((e) => e.line === row.line)) errors.push({ line: row.line, reason: `order ${group.number}: date, customer and currency must be the same on every line` });
    }
    if (errors.length) {
      const bad = new Set(errors.map((e) => e.line));
      for (const row of group.rows) if (!bad.has(row.line)) errors.push({ line: row.line, reason: `order ${group.number} rejected because of line ${errors[0]?.line}` });
      return { errors: errors.sort((a, b) => a.line - b.line) };
    }
    void ctx;
    return {
      header: { organisationId: first.organisationId || null, personId: first.personId || null, orderedOn: first.orderedOn ?? '', channel: first.channel || null, region: first.region || null, store: first.store || null, currency: first.currency || 'CNY' },
      lines: group.rows.map((row, index) => {
        const v = row.values;
        const product = v.sku ? skus.get(v.sku) : undefined;
        const amounts = { quantity: v.quantity ?? '0', unitPrice: v.unitPrice ?? '0', discountPercent: v.discountPercent || '0', taxRate: v.taxRate || product?.taxRate || '0' };
        return { id: newId(), position: index + 1, productId: product?.id ?? null, sku: v.sku || null, description: v.description || product?.name || v.sku || '', ...amounts, ...priceLine(amounts) };
      }),
    };
  }

  async function partiesExist(ctx: ActorContext, groups: Group[]): Promise<Map<string, boolean>> {
    const known = new Map<string, boolean>();
    for (const group of groups) {
      for (const row of group.rows) {
        for (const [key, kind] of [['organisationId', 'organisation'], ['personId', 'person']] as const) {
          const id = row.values[key];
          if (!id || !UUID.test(id) || known.has(id)) continue;
          const lookup = kind === 'organisation' ? deps.directory.organisations.get(ctx, id) : deps.directory.people.get(ctx, id);
          known.set(id, await lookup.then(() => true, () => false));
        }
      }
    }
    return known;
  }

  async function flush(ctx: ActorContext, groups: Group[], report: ImportReport) {
    if (groups.length === 0) return;
    const wanted = [...new Set(groups.flatMap((g) => g.rows.map((r) => r.values.sku).filter((s): s is string => Boolean(s))))];
    const products = wanted.length ? await db.selectFrom('products').select(['id', 'sku', 'name', 'taxRate']).where('tenantId', '=', ctx.tenantId).where('sku', 'in', wanted).where('deletedAt', 'is', null).execute() : [];
    const skus = new Map(products.map((p) => [p.sku, p]));
    const parties = await partiesExist(ctx, groups);
    const checked = await Promise.all(groups.map(async (group) => ({ group, result: await checkGroup(ctx, group, skus, parties) })));
    await db.transaction().execute(async (trx) => {
      for (const { group, result } of checked) {
        if ('errors' in result) {
          report.rejected.push(...result.errors.map((e) => ({ ...e, orderNumber: group.number })));
          continue;
        }
        const row = await writeOrder(trx, ctx, { ...result.header, number: group.number, source: 'import' }, result.lines);
        if (row) {
          report.ordersImported++;
          report.linesImported += result.lines.length;
        } else report.ordersSkipped++;
      }
    });
  }

  async function run(ctx: ActorContext, input: Readable, options: { format: 'csv' | 'xlsx'; batchOrders?: number; onProgress?: (rowsRead: number) => void }): Promise<ImportReport> {
    const report: ImportReport = { rowsRead: 0, ordersImported: 0, ordersSkipped: 0, linesImported: 0, rejected: [] };
    const rows = options.format === 'xlsx' ? readXlsxRows(input) : readCsvRows(input);
    const batch: Group[] = [];
    const seen = new Set<string>();
    let current: Group | undefined;
    const close = async () => {
      if (current) batch.push(current);
      current = undefined;
      if (batch.length >= (options.batchOrders ?? 200)) await flush(ctx, batch.splice(0), report);
    };
    for await (const row of rows) {
      report.rowsRead++;
      options.onProgress?.(report.rowsRead);
      const number = row.values.orderNumber?.trim();
      if (!number) {
        report.rejected.push({ line: row.line, orderNumber: null, reason: 'order_number is empty' });
        continue;
      }
      if (number.length > 60) {
        report.rejected.push({ line: row.line, orderNumber: number.slice(0, 60), reason: 'order_number is longer than 60 characters' });
        continue;
      }
      if (current?.number !== number) {
        await close();
        if (seen.has(number)) {
          report.rejected.push({ line: row.line, orderNumber: number, reason: `order ${number} appeared earlier in the file; the lines of an order must be consecutive` });
          continue;
        }
        seen.add(number);
        current = { number, rows: [] };
      }
      current.rows.push(row);
    }
    await close();
    await flush(ctx, batch.splice(0), report);
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }

  return { run };
}

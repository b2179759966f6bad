/**
 * Writing source rows into the store. Every write replaces by key (an order's lines by order id, a customer by id…)
 * so applying the same change twice leaves the same store — the feed relies on this after a crash or a gap.
 */
import type { AnalyticsCommission, AnalyticsOrderLine, AnalyticsProduct } from '../../commerce/index.ts';
import type { AnalyticsCustomer } from '../../directory/index.ts';
import { lit, uuidList, type StoreConnection } from './store.ts';

type Cell = string | number | null;

export function lineRow(tenantId: string, l: AnalyticsOrderLine): Cell[] {
  // A line is bought by the person when the order names one, else by the organisation.
  const customer = l.personId ?? l.organisationId ?? '';
  return [tenantId, l.id, l.orderId, customer, l.orderedOn, l.productId, l.description, l.channel, l.region, l.store, l.quantity, l.grossAmount, l.discountAmount, l.netAmount, l.currency];
}

export function customerRow(tenantId: string, c: AnalyticsCustomer): Cell[] {
  return [tenantId, c.id, c.kind, c.name, c.ownerId, c.province, c.city];
}

export function commissionRow(tenantId: string, c: AnalyticsCommission): Cell[] {
  return [tenantId, c.id, c.personId ?? c.organisationId ?? '', c.orderId, 'commission', c.amount, c.on];
}

export function productRow(tenantId: string, p: AnalyticsProduct): Cell[] {
  return [tenantId, p.id, p.sku, p.name, p.category];
}

/** Deletes the rows of `table` whose `column` is in `ids` (for one tenant), then appends `rows`. */
export async function replaceRows(db: StoreConnection, table: string, column: string, tenantId: string, ids: readonly string[], rows: Cell[][]): Promise<void> {
  if (ids.length) await db.run(`DELETE FROM ${table} WHERE tenant_id = ${lit(tenantId)} AND ${column} IN (${uuidList(ids)})`);
  if (rows.length) await db.append(table, rows);
}

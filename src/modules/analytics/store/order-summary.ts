/**
 * The order summary: one row per order of `order_lines` (per customer and currency), the unit RFM and the history
 * count as a purchase. Grouping ten million lines by order is most of an RFM query's time (it hashes two string
 * keys per line), so the summary is kept as the lines change instead of recomputed by every query:
 *
 * - the feed refreshes the orders it touches in the same transaction as their lines and marks the summary current
 *   for the data version it leaves (`markOrderSummaryCurrent`);
 * - anything else that writes lines (a rebuild fills it whole; tests and benchmarks that append lines directly)
 *   leaves the summary's version behind the data version, and `ensureOrderSummary` — run before every derive —
 *   recomputes the tenant's summary from its lines. A stale summary is therefore never read: at worst it is rebuilt.
 */
import { lit, uuidList, type StoreConnection } from './store.ts';

const metaKey = (tenantId: string) => `order_summary:${tenantId}`;

/** The summary rows of `lines` (a relation with order_lines' columns). */
export function orderSummarySelect(lines: string): string {
  return `SELECT tenant_id, order_id, customer_id, currency, max(ordered_on) AS ordered_on, sum(net)::DOUBLE AS amount
    FROM ${lines} GROUP BY tenant_id, customer_id, order_id, currency`;
}

/**
 * Recomputes the summary rows of the given orders and of every order of the given customers (a merge moves a
 * customer's orders wholesale), from the lines as they are now. Run it after the lines are written, in their
 * transaction.
 */
export async function refreshOrderSummary(db: StoreConnection, tenantId: string, scope: { orderIds?: readonly string[]; customerIds?: readonly string[] }): Promise<void> {
  const orderIds = scope.orderIds ?? [];
  const customerIds = scope.customerIds ?? [];
  if (!orderIds.length && !customerIds.length) return;
  const t = lit(tenantId);
  const touched = `(order_id IN (${uuidList(orderIds)}) OR customer_id IN (${uuidList(customerIds)}))`;
  await db.run(`DELETE FROM order_summary WHERE tenant_id = ${t} AND ${touched}`);
  await db.run(`INSERT INTO order_summary ${orderSummarySelect(`(SELECT * FROM order_lines WHERE tenant_id = ${t} AND ${touched})`)}`);
}

/** Records that the tenant's summary matches its lines at the tenant's current data version. */
export async function markOrderSummaryCurrent(db: StoreConnection, tenantId: string): Promise<void> {
  await db.run(
    `INSERT INTO store_meta (key, value) SELECT $1, CAST(data_version AS VARCHAR) FROM tenant_state WHERE tenant_id = $2
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [metaKey(tenantId), tenantId],
  );
}

/** Whether the summary matches the lines: marked at the current data version, or neither lines nor summary rows. */
export async function orderSummaryIsCurrent(db: StoreConnection, tenantId: string): Promise<boolean> {
  const row = await db.one(
    `SELECT (SELECT CAST(data_version AS VARCHAR) FROM tenant_state WHERE tenant_id = $2) AS version,
            (SELECT value FROM store_meta WHERE key = $1) AS summarised,
            EXISTS (SELECT 1 FROM order_lines WHERE tenant_id = $2) OR EXISTS (SELECT 1 FROM order_summary WHERE tenant_id = $2) AS has_rows`,
    [metaKey(tenantId), tenantId],
  );
  if (row?.version === null || row?.version === undefined) return row?.has_rows !== true;
  return row.summarised === row.version;
}

/**
 * Makes the tenant's summary match its lines: nothing to do when the feed kept it (the usual case), else the
 * tenant's rows are recomputed from its lines in one transaction. Returns whether it had to recompute. Must not
 * run inside another transaction (it opens its own).
 */
export async function ensureOrderSummary(db: StoreConnection, tenantId: string): Promise<boolean> {
  if (await orderSummaryIsCurrent(db, tenantId)) return false;
  const t = lit(tenantId);
  await db.transaction(async () => {
    await db.run(`DELETE FROM order_summary WHERE tenant_id = ${t}`);
    await db.run(`INSERT INTO order_summary ${orderSummarySelect(`(SELECT * FROM order_lines WHERE tenant_id = ${t})`)}`);
    await markOrderSummaryCurrent(db, tenantId);
  });
  return true;
}

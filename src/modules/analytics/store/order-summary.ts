/**
 * The order summary: one row per order of `order_lines` (per customer and currency), the unit RFM and the history
 * count as a purchase. Grouping ten million lines by order is most of an RFM query's time (it hashes two string
 * keys per line), so the summary is kept as the lines change instead of recomputed by every query:
 *
 * - the feed refreshes the orders it touches in the same transaction as their lines and marks the summary current
 *   for the data version it leaves (`markOrderSummaryCurrent`);
 * - each row carries its customer's integer key (customer_keys: given once per customer, never changed), so that
 *   RFM and the history group and sort integers instead of 36-character ids — with UUID ids that halves a snapshot;
 * - anything else that writes lines (a rebuild fills it whole; tests and benchmarks that append lines directly)
 *   leaves the summary's version behind the data version, and `ensureOrderSummary` — run before every derive —
 *   recomputes the tenant's summary from its lines. A stale summary is therefore never read: at worst it is rebuilt.
 */
import { lit, uuidList, type StoreConnection } from './store.ts';

const metaKey = (tenantId: string) => `order_summary:${tenantId}`;

/**
 * The summary rows of `lines` (a relation with order_lines' columns), each with its customer's key from `keys` (a
 * relation with customer_keys' columns). Every customer of `lines` must have a key (see `assignCustomerKeys`).
 */
export function orderSummarySelect(lines: string, keys = 'customer_keys'): string {
  return `SELECT o.tenant_id, o.order_id, o.customer_id, k.customer_key, o.currency, o.ordered_on, o.amount
    FROM (SELECT tenant_id, order_id, customer_id, currency, max(ordered_on) AS ordered_on, sum(net)::DOUBLE AS amount
          FROM ${lines} GROUP BY tenant_id, customer_id, order_id, currency) o
    JOIN ${keys} k ON k.tenant_id = o.tenant_id AND k.customer_id = o.customer_id`;
}

/**
 * Gives every customer of the tenant's `lines` that has none yet a key in `keys` (the customer_keys table or its
 * rebuild copy): the next integers after the tenant's highest. A key never changes once given, so summary rows
 * written at different times agree; keys of customers who no longer have lines are kept (a few bytes each).
 */
async function assignCustomerKeys(db: StoreConnection, tenantId: string, lines: string, keys = 'customer_keys'): Promise<void> {
  const t = lit(tenantId);
  await db.run(`INSERT INTO ${keys} (tenant_id, customer_id, customer_key)
    SELECT ${t}, n.customer_id, (SELECT coalesce(max(customer_key), 0) FROM ${keys} WHERE tenant_id = ${t}) + row_number() OVER (ORDER BY n.customer_id)
    FROM (SELECT DISTINCT customer_id FROM ${lines} WHERE tenant_id = ${t}) n
    WHERE NOT EXISTS (SELECT 1 FROM ${keys} k WHERE k.tenant_id = ${t} AND k.customer_id = n.customer_id)`);
}

/** Appends the summary rows of the tenant's `lines` to `into`, giving new customers their keys in `keys` first. */
export async function writeOrderSummary(db: StoreConnection, tenantId: string, lines: string, tables: { into: string; keys: string } = { into: 'order_summary', keys: 'customer_keys' }): Promise<void> {
  await assignCustomerKeys(db, tenantId, lines, tables.keys);
  await db.run(`INSERT INTO ${tables.into} ${orderSummarySelect(lines, tables.keys)}`);
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
  const lines = `(SELECT * FROM order_lines WHERE tenant_id = ${t} AND ${touched})`;
  await db.run(`DELETE FROM order_summary WHERE tenant_id = ${t} AND ${touched}`);
  await writeOrderSummary(db, tenantId, lines);
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
    const lines = `(SELECT * FROM order_lines WHERE tenant_id = ${t})`;
    await db.run(`DELETE FROM order_summary WHERE tenant_id = ${t}`);
    await writeOrderSummary(db, tenantId, lines);
    await markOrderSummaryCurrent(db, tenantId);
  });
  return true;
}

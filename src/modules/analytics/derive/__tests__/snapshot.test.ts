/**
 * The RFM snapshot over the order summary groups by the customers' integer keys and breaks NTILE ties by the
 * customers' rank in id order. It must give exactly the rows of the plain formulation over the ids — also when the
 * keys were handed out in another order than the ids sort (customers arriving over time), which is the usual case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../files/duckdb.session.ts';
import { segmentListSql } from '../../files/rfm.files.ts';
import { ensureOrderSummary, markOrderSummaryCurrent, refreshOrderSummary } from '../../store/order-summary.ts';
import { bumpDataVersion, lit, openAnalyticsStore, type AnalyticsStore, type StoreConnection } from '../../store/store.ts';
import { rfmSnapshotSql } from '../rfm.sql.ts';
import { random, testId as id } from './fixtures.ts';

const TENANT = '00000000-0000-7000-8000-00000000000a';
const OTHER = '00000000-0000-7000-8000-00000000000b';
const AS_OF = '2026-06-01';

let lineNo = 0;
let orderNo = 0;

/**
 * Orders of `customers`, amounts in steps of 50 and days from a short range, so that many customers tie on
 * recency, frequency and money (the ties are what the customer rank decides).
 */
function ordersOf(tenant: string, customers: number[], rand: () => number): { lines: (string | number | null)[][]; orders: string[] } {
  const lines: (string | number | null)[][] = [];
  const orders: string[] = [];
  for (const c of customers) {
    for (let o = 0; o < 1 + Math.floor(rand() * 3); o++) {
      const order = id(2, orderNo++);
      orders.push(order);
      const day = new Date(Date.parse(`${AS_OF}T00:00:00Z`) - (1 + Math.floor(rand() * 6)) * 86_400_000).toISOString().slice(0, 10);
      for (let l = 0; l < 1 + Math.floor(rand() * 2); l++) {
        const net = String(50 * (1 + Math.floor(rand() * 3)));
        lines.push([tenant, id(1, lineNo++), order, id(3, c), day, null, 'line', 'store', null, null, 1, net, '0', net, 'CNY']);
      }
    }
  }
  return { lines, orders };
}

/** Writes a wave of customers' orders as the feed does: lines, then their summary rows (keys given now). */
async function wave(db: StoreConnection, tenant: string, customers: number[], rand: () => number): Promise<void> {
  const { lines, orders } = ordersOf(tenant, customers, rand);
  await db.append('order_lines', lines);
  await bumpDataVersion(db, tenant, 'last_feed_at');
  await refreshOrderSummary(db, tenant, { orderIds: orders });
  await markOrderSummaryCurrent(db, tenant);
}

/** The plain formulation: group the summary by customer id, break ties by the id itself. */
function plainSnapshotSql(tenantId: string, asOf: string): string {
  return `SELECT customer_id, recency_days, frequency, monetary, r, f, m, ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment FROM (
    SELECT *, NTILE(5) OVER (ORDER BY recency_days DESC, customer_id) AS r, NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
              NTILE(5) OVER (ORDER BY monetary, customer_id) AS m
    FROM (SELECT customer_id, date_diff('day', max(ordered_on), DATE ${lit(asOf)}) AS recency_days, count(*) AS frequency, round(sum(amount), 2) AS monetary
          FROM order_summary WHERE tenant_id = ${lit(tenantId)} AND currency = 'CNY' AND ordered_on < DATE ${lit(asOf)} GROUP BY customer_id))`;
}

async function difference(db: StoreConnection, a: string, b: string): Promise<{ onlyA: number; onlyB: number; rows: number }> {
  const row = await db.one(`SELECT (SELECT count(*) FROM (SELECT * FROM (${a}) EXCEPT ALL SELECT * FROM (${b})))::INTEGER AS only_a,
    (SELECT count(*) FROM (SELECT * FROM (${b}) EXCEPT ALL SELECT * FROM (${a})))::INTEGER AS only_b, (SELECT count(*) FROM (${a}))::INTEGER AS rows`);
  return { onlyA: Number(row?.only_a), onlyB: Number(row?.only_b), rows: Number(row?.rows) };
}

const keysOf = async (db: StoreConnection, tenant: string) =>
  new Map((await db.all(`SELECT customer_id, customer_key FROM customer_keys WHERE tenant_id = $1`, [tenant])).map((r) => [String(r.customer_id), Number(r.customer_key)]));

let store: AnalyticsStore | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await store?.close();
  store = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('RFM snapshot on customer keys', () => {
  it('gives the rows of the plain formulation when keys were handed out out of id order', async () => {
    store = await openAnalyticsStore();
    const rand = random(7);
    await store.exclusive(async (db) => {
      // Three waves, each of customers whose ids sort before the previous wave's: keys run against the ids.
      for (const customers of [[200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211], [100, 150, 101, 151, 102, 152, 103], [0, 50, 1, 51, 2, 52, 3, 53, 4]]) {
        await wave(db, TENANT, customers, rand);
      }
      await wave(db, OTHER, [0, 1, 2], rand);
      const keys = await keysOf(db, TENANT);
      const byId = [...keys.keys()].sort();
      const byKey = [...keys.entries()].sort((a, b) => a[1] - b[1]).map(([customer]) => customer);
      expect(byKey).not.toEqual(byId); // the case this test is about
      expect(new Set(keys.values()).size).toBe(keys.size); // one key per customer
      const diff = await difference(db, rfmSnapshotSql(TENANT, AS_OF, 'CNY'), plainSnapshotSql(TENANT, AS_OF));
      expect(diff).toEqual({ onlyA: 0, onlyB: 0, rows: 28 });
    });
  });

  it('keeps a customer\'s key through later waves, merges and a summary recomputed whole', async () => {
    store = await openAnalyticsStore();
    const rand = random(11);
    await store.exclusive(async (db) => {
      await wave(db, TENANT, [5, 6, 7], rand);
      const first = await keysOf(db, TENANT);
      await wave(db, TENANT, [1, 5, 8], rand); // 5 buys again; 1 and 8 are new
      await db.run(`UPDATE order_lines SET customer_id = ${lit(id(3, 6))} WHERE customer_id = ${lit(id(3, 7))}`); // 7 merged into 6
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      expect(await ensureOrderSummary(db, TENANT)).toBe(true);
      const later = await keysOf(db, TENANT);
      for (const [customer, key] of first) expect(later.get(customer)).toBe(key);
      expect([...later.keys()].sort()).toEqual([1, 5, 6, 7, 8].map((c) => id(3, c)));
      const summaryKeys = await db.all(`SELECT DISTINCT s.customer_id, s.customer_key = k.customer_key AS same FROM order_summary s
        JOIN customer_keys k ON k.tenant_id = s.tenant_id AND k.customer_id = s.customer_id WHERE s.tenant_id = $1`, [TENANT]);
      expect(summaryKeys.every((r) => r.same === true)).toBe(true);
      expect(summaryKeys.map((r) => r.customer_id).sort()).toEqual([1, 5, 6, 8].map((c) => id(3, c)));
      expect(await difference(db, rfmSnapshotSql(TENANT, AS_OF, 'CNY'), plainSnapshotSql(TENANT, AS_OF))).toMatchObject({ onlyA: 0, onlyB: 0 });
    });
  });

  it('upgrades a store file whose order summary has no keys: recomputed from the lines on the next derive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guanxi-store-'));
    dirs.push(dir);
    const path = join(dir, 'analytics.duckdb');
    store = await openAnalyticsStore({ path });
    await store.exclusive(async (db) => wave(db, TENANT, [3, 4], random(3)));
    await store.close();
    // What an older version left: the summary without customer_key, marked current.
    const old = await openDuckDb({ path });
    await old.connection.run(`DROP TABLE order_summary`);
    await old.connection.run(`CREATE TABLE order_summary (tenant_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
      currency VARCHAR NOT NULL, ordered_on DATE NOT NULL, amount DOUBLE NOT NULL)`);
    await old.connection.run(`INSERT INTO order_summary SELECT tenant_id, order_id, customer_id, currency, max(ordered_on), sum(net)::DOUBLE FROM order_lines GROUP BY ALL`);
    old.close();

    store = await openAnalyticsStore({ path });
    await store.exclusive(async (db) => {
      expect(await db.one(`SELECT count(*)::INTEGER AS n FROM order_summary`)).toEqual({ n: 0 });
      expect(await ensureOrderSummary(db, TENANT)).toBe(true);
      expect(await difference(db, rfmSnapshotSql(TENANT, AS_OF, 'CNY'), plainSnapshotSql(TENANT, AS_OF))).toEqual({ onlyA: 0, onlyB: 0, rows: 2 });
    });
  });
});

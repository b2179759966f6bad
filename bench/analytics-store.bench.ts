/**
 * The analytics store (src/modules/analytics/store + derive + api) at a size: synthetic order lines written straight
 * into DuckDB (no PostgreSQL), then
 *   derive     — everything recomputed after a change: monthly RFM history, snapshot, BG/NBD + Gamma-Gamma fit (first
 *                run) or cached parameters, CLV, tiers, signals, rules — in full (the history's inputs forgotten, as
 *                on a store's first derive), and after a batch of new orders placed today (the history derived
 *                again only from the earliest changed month, derive/history.ts)
 *   requests   — segments, the region × season cube, one customer's page, churn signals, after derive
 *   feed apply — replacing the lines of 1,000 orders (what one outbox batch of order events costs in DuckDB)
 * Reference in the same run: the bare DuckDB RFM snapshot query over the lines (grouping them by order, as one would
 * write it), beside ours, which reads the order summary the store keeps (store/order-summary.ts); the results are
 * checked to be equal.
 * Flags: --customers (100000) --lines (1000000) --runs (3).
 */
import { deriveTenant, recordDerive } from '../src/modules/analytics/derive/derive.ts';
import { rfmSnapshotSql } from '../src/modules/analytics/derive/rfm.sql.ts';
import { cubeOf } from '../src/modules/analytics/api/cube.query.ts';
import { personAnalytics } from '../src/modules/analytics/api/person.query.ts';
import { segmentsOf } from '../src/modules/analytics/api/segments.query.ts';
import { signalsOf } from '../src/modules/analytics/api/lists.query.ts';
import { bumpDataVersion, openAnalyticsStore, uuidList, type AnalyticsStore, type StoreConnection } from '../src/modules/analytics/store/store.ts';
import { replaceRows } from '../src/modules/analytics/store/load.ts';
import { ensureOrderSummary, markOrderSummaryCurrent, refreshOrderSummary } from '../src/modules/analytics/store/order-summary.ts';
import { segmentListSql } from '../src/modules/analytics/files/rfm.files.ts';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, fmt, log, median, timeIt } from './lib/measure.ts';

const TENANT = '00000000-0000-7000-8000-000000000001';
const id = (expr: string) => `'00000000-0000-7000-8000-' || lpad(CAST(${expr} AS VARCHAR), 12, '0')`;

async function fill(db: StoreConnection, customers: number, lines: number): Promise<void> {
  const asOf = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await db.run(`INSERT INTO customers SELECT '${TENANT}', ${id('i')}, 'person', '客户' || i, ${id('i % 20')},
      ['广东省', '浙江省', '江苏省', '四川省', '北京市'][1 + i % 5], ['广州市', '杭州市', '南京市', '成都市', '北京市'][1 + i % 5]
    FROM range(${customers}) t(i)`);
  await db.run(`INSERT INTO products SELECT '${TENANT}', ${id('1000000 + i')}, 'SKU' || i, '产品 ' || i, ['水泵', '阀门', '电机', '仪表', '服务'][1 + i % 5] FROM range(14) t(i)`);
  // Three lines an order; each order's customer and day from a hash of the order number (3 years of history).
  await db.run(`INSERT INTO order_lines SELECT '${TENANT}', ${id('2000000000 + i')}, ${id('3000000000 + i // 3')},
      ${id('hash(i // 3) % ' + String(customers))}, DATE '${asOf}' - 1 - CAST(hash(i // 3 + 17) % 1095 AS INTEGER),
      ${id('1000000 + hash(i) % 14')}, 'line', ['store', 'dealer', 'online', 'phone', 'direct'][CAST(1 + hash(i // 3) % 5 AS INTEGER)], '华东', NULL,
      1 + i % 3, (hash(i) % 100000) / 100.0, 0, (hash(i) % 100000) / 100.0, 'CNY'
    FROM range(${lines}) t(i)`);
  await bumpDataVersion(db, TENANT, 'last_rebuild_at');
}

/** The RFM snapshot written by hand over the lines: group by order, then by customer, NTILE(5) each way. */
function bareRfmSql(asOf: string): string {
  return `SELECT customer_id, recency_days, frequency, monetary, r, f, m, ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment
    FROM (SELECT *, NTILE(5) OVER (ORDER BY recency_days DESC, customer_id) AS r, NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
                    NTILE(5) OVER (ORDER BY monetary, customer_id) AS m
          FROM (SELECT customer_id, date_diff('day', max(ordered_on), DATE '${asOf}') AS recency_days, count(*) AS frequency, round(sum(amount), 2) AS monetary
                FROM (SELECT customer_id, order_id, max(ordered_on) AS ordered_on, sum(net)::DOUBLE AS amount FROM order_lines
                      WHERE tenant_id = '${TENANT}' AND currency = 'CNY' GROUP BY customer_id, order_id)
                WHERE ordered_on < DATE '${asOf}' GROUP BY customer_id))`;
}

/** The recompute itself, as the refresher runs it: the order summary made current, the derive on the background connection, then recorded on the main one. */
async function recompute(store: AnalyticsStore, asOf: string): Promise<void> {
  const started = Date.now();
  await store.exclusive((db) => ensureOrderSummary(db, TENANT));
  const version = await store.background((db) => deriveTenant(db, TENANT, asOf, { discountRate: 0.01, currency: 'CNY' }));
  await store.exclusive((db) => recordDerive(db, TENANT, { at: Date.now(), ms: Date.now() - started, version, asOf }));
}

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const customers = f.num('customers', 100_000);
  const lines = f.num('lines', 1_000_000);
  const runs = f.num('runs', 3);
  // --memory-limit 6GB: the store as the server opens it with GUANXI_ANALYTICS_MEMORY_LIMIT — a file (so DuckDB can
  // spill beside it), fresh for this run.
  const memoryLimit = f.str('memory-limit');
  const path = memoryLimit ? join(dirname(fileURLToPath(import.meta.url)), '.work', 'analytics-store-bench.duckdb') : undefined;
  if (path) {
    mkdirSync(dirname(path), { recursive: true });
    for (const file of [path, `${path}.wal`]) rmSync(file, { force: true });
  }
  const store = await openAnalyticsStore({ path, memoryLimit });
  if (memoryLimit) log(`store: ${path}, DuckDB memory_limit ${memoryLimit}`);
  const asOf = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const filled = await timeIt(() => store.exclusive((db) => fill(db, customers, lines)));
  log(`filled ${lines} lines of ${customers} customers in ${fmt(filled.seconds)}`);
  const summary = await timeIt(() => store.exclusive((db) => ensureOrderSummary(db, TENANT)));
  log(`order summary built from the lines in ${fmt(summary.seconds)} (what a rebuild or a store upgrade pays once)`);
  const derive: number[] = [];
  const incremental: number[] = [];
  const bare: number[] = [];
  const snapshot: number[] = [];
  const requests: Record<string, number[]> = { segments: [], cube: [], person: [], signals: [] };
  const apply: number[] = [];
  for (let r = 0; r < runs; r++) {
    // A change (as the feed makes) forces the next read to derive again; the fits stay cached after the first run.
    // Forgetting the history's inputs makes this derive recompute every month, as the first derive of a store does.
    // No line changes here, so the order summary stays current, as the feed leaves it.
    await store.exclusive(async (db) => {
      await db.run(`DELETE FROM history_inputs WHERE tenant_id = '${TENANT}'`);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      await markOrderSummaryCurrent(db, TENANT);
    });
    derive.push((await timeIt(() => recompute(store, asOf))).seconds);
    bare.push((await timeIt(() => store.exclusive((db) => db.run(`CREATE OR REPLACE TEMP TABLE bare AS ${bareRfmSql(asOf)}`)))).seconds);
    snapshot.push((await timeIt(() => store.exclusive((db) => db.run(`CREATE OR REPLACE TEMP TABLE ours AS ${rfmSnapshotSql(TENANT, asOf, 'CNY')}`)))).seconds);
    const differing = await store.exclusive(async (db) => Number((await db.one(`SELECT (SELECT count(*) FROM (SELECT * FROM ours EXCEPT ALL SELECT * FROM bare)) + (SELECT count(*) FROM (SELECT * FROM bare EXCEPT ALL SELECT * FROM ours)) AS n`))?.n));
    if (differing !== 0) throw new Error(`the snapshot from the order summary differs from the bare query over the lines in ${differing} rows`);
    const query = { rows: 'region.province', columns: 'time.season', measure: 'amount' } as const;
    requests.segments!.push((await timeIt(() => store.exclusive((db) => segmentsOf(db, TENANT, 'true', asOf, 'month', 'CNY')))).seconds);
    requests.cube!.push((await timeIt(() => store.exclusive((db) => cubeOf(db, TENANT, 'true', query, 'CNY')))).seconds);
    requests.person!.push((await timeIt(() => store.exclusive(async (db) => personAnalytics(db, TENANT, (await db.one(`SELECT customer_id FROM customer_scores LIMIT 1`))?.customer_id as string, asOf, { period: 'month', model: 'bgnbd' }, 0.01, 'CNY')))).seconds);
    requests.signals!.push((await timeIt(() => store.exclusive((db) => signalsOf(db, TENANT, 'true', asOf, { kind: 'churn', limit: 25 })))).seconds);
    apply.push(
      (
        await timeIt(() =>
          store.exclusive(async (db) => {
            const orderIds = (await db.all(`SELECT DISTINCT order_id FROM order_lines USING SAMPLE 1000 ROWS`)).map((row) => String(row.order_id));
            const rows = (await db.all(`SELECT * FROM order_lines WHERE order_id IN (${uuidList(orderIds)})`)).map((row) => Object.values(row) as (string | number | null)[]);
            await db.transaction(async () => {
              await replaceRows(db, 'order_lines', 'order_id', TENANT, orderIds, rows);
              await refreshOrderSummary(db, TENANT, { orderIds });
            });
          }),
        )
      ).seconds,
    );
    // A batch of new orders placed today (1,000 orders, 3 lines each), written as the feed writes them (lines and their
    // order summary in one transaction), then the derive that follows it.
    await store.exclusive((db) =>
      db.transaction(async () => {
        const first = 8_000_000_000 + r * 10_000;
        await db.run(`INSERT INTO order_lines SELECT '${TENANT}', ${id(`${9_000_000_000 + r * 10_000} + i`)}, ${id(`${first} + i // 3`)},
            ${id(`hash(i // 3 + ${r * 7919}) % ${customers}`)}, DATE '${asOf}' - 1, ${id('1000000 + hash(i) % 14')}, 'line', 'online', '华东', NULL,
            1, (hash(i) % 100000) / 100.0, 0, (hash(i) % 100000) / 100.0, 'CNY' FROM range(3000) t(i)`);
        const orderIds = (await db.all(`SELECT DISTINCT order_id FROM order_lines WHERE order_id >= ${id(String(first))} AND order_id < ${id(String(first + 1000))}`)).map((row) => String(row.order_id));
        await refreshOrderSummary(db, TENANT, { orderIds });
        await bumpDataVersion(db, TENANT, 'last_feed_at');
        await markOrderSummaryCurrent(db, TENANT);
      }),
    );
    incremental.push((await timeIt(() => recompute(store, asOf))).seconds);
    log(`round ${r + 1}: derive ${fmt(derive[r]!)}, after 1,000 new orders ${fmt(incremental[r]!)} (RFM snapshot: ours from the order summary ${fmt(snapshot[r]!)}, bare over the lines ${fmt(bare[r]!)}, equal), segments ${fmt(requests.segments![r]!)}, cube ${fmt(requests.cube![r]!)}, person ${fmt(requests.person![r]!)}, signals ${fmt(requests.signals![r]!)}, apply 1,000 orders ${fmt(apply[r]!)}`);
  }
  log(`median: derive ${fmt(median(derive))} (first, with the BG/NBD + Gamma-Gamma fit: ${fmt(derive[0]!)}), after 1,000 new orders ${fmt(median(incremental))}, RFM snapshot ours ${fmt(median(snapshot))} / bare over the lines ${fmt(median(bare))}; segments ${fmt(median(requests.segments!))}, cube ${fmt(median(requests.cube!))}, person ${fmt(median(requests.person!))}, signals ${fmt(median(requests.signals!))}; feed apply of 1,000 orders ${fmt(median(apply))}`);
  await store.close();
}

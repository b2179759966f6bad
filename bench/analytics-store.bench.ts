/**
 * The analytics store (src/modules/analytics/store + derive + api) at a size: synthetic order lines written straight
 * into DuckDB (no PostgreSQL), then
 *   derive     — everything recomputed after a change: monthly RFM history, snapshot, BG/NBD + Gamma-Gamma fit (first
 *                run) or cached parameters, CLV, tiers, signals, rules — in full (the history's inputs forgotten, as
 *                on a store's first derive), and after a batch of new orders placed today (the history derived
 *                again only from the earliest changed month, derive/history.ts)
 *   requests   — segments, the region × season cube, one customer's page, churn signals, after derive
 *   feed apply — replacing the lines of 1,000 orders (what one outbox batch of order events costs in DuckDB)
 * Reference in the same run: the bare DuckDB RFM snapshot query over the same table (the floor of derive's RFM part).
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

/** The recompute itself, as the refresher runs it: on the background connection, then recorded on the main one. */
async function recompute(store: AnalyticsStore, asOf: string): Promise<void> {
  const started = Date.now();
  const version = await store.background((db) => deriveTenant(db, TENANT, asOf, { discountRate: 0.01, currency: 'CNY' }));
  await store.exclusive((db) => recordDerive(db, TENANT, { at: Date.now(), ms: Date.now() - started, version, asOf }));
}

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const customers = f.num('customers', 100_000);
  const lines = f.num('lines', 1_000_000);
  const runs = f.num('runs', 3);
  const store = await openAnalyticsStore();
  const asOf = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const filled = await timeIt(() => store.exclusive((db) => fill(db, customers, lines)));
  log(`filled ${lines} lines of ${customers} customers in ${fmt(filled.seconds)}`);
  const derive: number[] = [];
  const incremental: number[] = [];
  const bare: number[] = [];
  const requests: Record<string, number[]> = { segments: [], cube: [], person: [], signals: [] };
  const apply: number[] = [];
  for (let r = 0; r < runs; r++) {
    // A change (as the feed makes) forces the next read to derive again; the fits stay cached after the first run.
    // Forgetting the history's inputs makes this derive recompute every month, as the first derive of a store does.
    await store.exclusive(async (db) => {
      await db.run(`DELETE FROM history_inputs WHERE tenant_id = '${TENANT}'`);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
    });
    derive.push((await timeIt(() => recompute(store, asOf))).seconds);
    bare.push((await timeIt(() => store.exclusive((db) => db.run(`CREATE OR REPLACE TEMP TABLE bare AS ${rfmSnapshotSql(TENANT, asOf, 'CNY')}`)))).seconds);
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
            await db.transaction(() => replaceRows(db, 'order_lines', 'order_id', TENANT, orderIds, rows));
          }),
        )
      ).seconds,
    );
    // A batch of new orders placed today (1,000 orders, 3 lines each), then the derive that follows it.
    await store.exclusive(async (db) => {
      await db.run(`INSERT INTO order_lines SELECT '${TENANT}', ${id(`${9_000_000_000 + r * 10_000} + i`)}, ${id(`${8_000_000_000 + r * 10_000} + i // 3`)},
          ${id(`hash(i // 3 + ${r * 7919}) % ${customers}`)}, DATE '${asOf}' - 1, ${id('1000000 + hash(i) % 14')}, 'line', 'online', '华东', NULL,
          1, (hash(i) % 100000) / 100.0, 0, (hash(i) % 100000) / 100.0, 'CNY' FROM range(3000) t(i)`);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
    });
    incremental.push((await timeIt(() => recompute(store, asOf))).seconds);
    log(`round ${r + 1}: derive ${fmt(derive[r]!)}, after 1,000 new orders ${fmt(incremental[r]!)} (bare RFM snapshot ${fmt(bare[r]!)}), segments ${fmt(requests.segments![r]!)}, cube ${fmt(requests.cube![r]!)}, person ${fmt(requests.person![r]!)}, signals ${fmt(requests.signals![r]!)}, apply 1,000 orders ${fmt(apply[r]!)}`);
  }
  log(`median: derive ${fmt(median(derive))} (first, with the BG/NBD + Gamma-Gamma fit: ${fmt(derive[0]!)}), after 1,000 new orders ${fmt(median(incremental))}, bare RFM ${fmt(median(bare))}; segments ${fmt(median(requests.segments!))}, cube ${fmt(median(requests.cube!))}, person ${fmt(median(requests.person!))}, signals ${fmt(median(requests.signals!))}; feed apply of 1,000 orders ${fmt(median(apply))}`);
  await store.close();
}

/**
 * RFM as the CRM computes it, against PostgreSQL holding the same order lines the way the CRM's own database does:
 * 10,000,000 lines of 1,000,000 customers with UUID ids (the store's ids are the OLTP's UUIDs; short ids such as
 * 'C0000001', which analytics-rfm uses, are inlined by DuckDB and flatter it).
 *
 *   ours       — the analytics store's code path: `rfmSnapshotSql` (derive/rfm.sql.ts) over the order summary the
 *                feed keeps, grouped by the customers' integer keys, ties broken by their rank in id order
 *   bare       — hand-written DuckDB SQL for the same result on the same store file: over the same order summary
 *                keyed by the UUID strings, and over the lines themselves (group by order, then customer)
 *   postgres   — the same RFM query over a lines table shaped like the CRM's (uuid ids, date, numeric(18,2) money),
 *                over the same lines with float8 money (kinder to PostgreSQL), and over PostgreSQL's own copy of the
 *                order summary (uuid ids) — the like-for-like reading of the summary
 * Rounds are interleaved, ratios taken within a round; every result's checksum must equal ours.
 * Flags: --lines --customers --runs --pg-runs --skip-pg.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { rfmSnapshotSql } from '../src/modules/analytics/derive/rfm.sql.ts';
import { segmentListSql } from '../src/modules/analytics/files/rfm.files.ts';
import { ensureOrderSummary } from '../src/modules/analytics/store/order-summary.ts';
import { bumpDataVersion, openAnalyticsStore, type StoreConnection } from '../src/modules/analytics/store/store.ts';
import { flags, fmt, linuxCpuSeconds, log, median, processCpuSeconds, timeIt } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';
import { rfmChecksum } from './lib/rfm-checksum.ts';

const work = join(dirname(fileURLToPath(import.meta.url)), '.work');
const TENANT = '00000000-0000-4000-8000-000000000001';
const AS_OF = '2026-01-01';

/** UUID text from a short id, the same on every run. */
const uuidOf = (expr: string) => `CAST(CAST(md5(${expr}) AS UUID) AS VARCHAR)`;

async function fill(db: StoreConnection, lines: number, customers: number): Promise<void> {
  // ~3 lines an order; every customer has a first order, later orders go to customers drawn by a hash; two years.
  await db.run(`INSERT INTO order_lines SELECT '${TENANT}', ${uuidOf("'L' || i")}, ${uuidOf("'O' || o")},
      ${uuidOf(`'C' || CASE WHEN o < ${customers} THEN o ELSE hash(o) % ${customers} END`)},
      DATE '2024-01-01' + CAST(hash(o * 7 + 1) % 730 AS INTEGER), 'P' || CAST(hash(i * 3 + 2) % 5000 AS VARCHAR), 'line', 'store', NULL, NULL, 1,
      CAST(round(1 + (hash(i) % 20000) / 100.0, 2) AS DECIMAL(18,2)), 0, CAST(round(1 + (hash(i) % 20000) / 100.0, 2) AS DECIMAL(18,2)), 'CNY'
    FROM (SELECT i, i // 3 AS o FROM range(${lines}) t(i))`);
  await bumpDataVersion(db, TENANT, 'last_rebuild_at');
}

const SEGMENTS = segmentListSql();
/** The plain query, by hand: `perCustomer` yields customer_id, last_on, frequency, monetary. */
function plainSql(perCustomer: string, dialect: 'duckdb' | 'postgres'): string {
  const recency = dialect === 'duckdb' ? `date_diff('day', last_on, DATE '${AS_OF}')` : `DATE '${AS_OF}' - last_on`;
  const segments = dialect === 'duckdb' ? SEGMENTS : `(ARRAY${SEGMENTS})`;
  const div = dialect === 'duckdb' ? '//' : '/';
  return `SELECT customer_id, recency_days, frequency, monetary, r, f, m, ${segments}[(r - 1) * 5 + (f + m) ${div} 2] AS segment
    FROM (SELECT *, NTILE(5) OVER (ORDER BY recency_days DESC, customer_id) AS r, NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
                    NTILE(5) OVER (ORDER BY monetary, customer_id) AS m
          FROM (SELECT customer_id, ${recency} AS recency_days, frequency, monetary FROM (${perCustomer}) per_customer) ranked) scored`;
}
const money = (sum: string, dialect: 'duckdb' | 'postgres') => (dialect === 'duckdb' ? `round(${sum}, 2)` : `CAST(round(CAST(${sum} AS NUMERIC), 2) AS FLOAT8)`);
const overSummary = (table: string, dialect: 'duckdb' | 'postgres', where = '') =>
  plainSql(`SELECT customer_id, max(ordered_on) AS last_on, count(*) AS frequency, ${money('sum(amount)', dialect)} AS monetary FROM ${table} ${where} GROUP BY customer_id`, dialect);
const overLines = (table: string, dialect: 'duckdb' | 'postgres', where = '') =>
  plainSql(`SELECT customer_id, max(ordered_on) AS last_on, count(*) AS frequency, ${money('sum(amount)', dialect)} AS monetary
    FROM (SELECT customer_id, order_id, max(ordered_on) AS ordered_on, sum(net) AS amount FROM ${table} ${where} GROUP BY customer_id, order_id) orders GROUP BY customer_id`, dialect);

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const lines = f.num('lines', 10_000_000);
  const customers = f.num('customers', 1_000_000);
  const runs = f.num('runs', 3);
  const pgRuns = f.num('pg-runs', 3);
  mkdirSync(work, { recursive: true });
  const path = join(work, `rfm-store-v1-${lines}-${customers}.duckdb`);
  const fresh = !existsSync(path);
  const store = await openAnalyticsStore({ path });
  if (fresh) {
    const g = await timeIt(() => store.exclusive((db) => fill(db, lines, customers)));
    log(`store: ${lines} lines written in ${fmt(g.seconds)}`);
  }
  const built = await timeIt(() => store.exclusive((db) => ensureOrderSummary(db, TENANT)));
  log(`store: order summary with customer keys ${built.result ? `built in ${fmt(built.seconds)} (keys + one row per order, from the lines)` : 'already current'}`);
  const t = `tenant_id = '${TENANT}' AND currency = 'CNY'`;
  const duck = (sql: string) => store.exclusive((db) => db.run(sql));
  const ours = () => duck(`CREATE OR REPLACE TEMP TABLE rfm_ours AS ${rfmSnapshotSql(TENANT, AS_OF, 'CNY')}`);
  const bareSummary = () => duck(`CREATE OR REPLACE TEMP TABLE rfm_bare_summary AS ${overSummary('order_summary', 'duckdb', `WHERE ${t}`)}`);
  const bareLines = () => duck(`CREATE OR REPLACE TEMP TABLE rfm_bare_lines AS ${overLines('order_lines', 'duckdb', `WHERE ${t}`)}`);

  let client: pg.Client | undefined;
  let server: Awaited<ReturnType<typeof startPgServer>> | undefined;
  if (!f.has('skip-pg')) {
    const csv = join(work, `rfm-store-v1-${lines}-${customers}.csv`);
    if (!existsSync(csv)) await duck(`COPY (SELECT customer_id, order_id, ordered_on, net FROM order_lines WHERE ${t}) TO '${csv}' (FORMAT csv, HEADER true)`);
    chmodSync(csv, 0o644);
    chmodSync(work, 0o755);
    server = await startPgServer({ settings: { work_mem: "'512MB'", shared_buffers: "'2GB'", max_parallel_workers_per_gather: '2' } });
    client = new pg.Client(server.url);
    await client.connect();
    const c = client;
    const load = await timeIt(async () => {
      await c.query(`CREATE UNLOGGED TABLE lines (customer_id uuid NOT NULL, order_id uuid NOT NULL, ordered_on date NOT NULL, net numeric(18,2) NOT NULL)`);
      await c.query(`COPY lines FROM '${csv}' WITH (FORMAT csv, HEADER true)`);
      await c.query(`CREATE UNLOGGED TABLE lines_float AS SELECT customer_id, order_id, ordered_on, net::float8 AS net FROM lines`);
      await c.query(`CREATE UNLOGGED TABLE orders AS SELECT customer_id, order_id, max(ordered_on) AS ordered_on, sum(net)::float8 AS amount FROM lines GROUP BY customer_id, order_id`);
      for (const table of ['lines', 'lines_float', 'orders']) await c.query(`VACUUM ANALYZE ${table}`);
    });
    log(`PostgreSQL 15: lines (numeric and float8 money) and its order summary loaded in ${fmt(load.seconds)}`);
  }
  const backendPid = client ? Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid) : 0;
  const postmasterPid = server ? Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) : 0;
  const pgCpu = () => linuxCpuSeconds(backendPid, false) + linuxCpuSeconds(postmasterPid, true);
  const pgQueries = { pgLines: overLines('lines', 'postgres'), pgFloat: overLines('lines_float', 'postgres'), pgSummary: overSummary('orders', 'postgres') };

  const times: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  const measure = async (key: string, work: () => Promise<unknown>, read = processCpuSeconds) => {
    const c0 = read();
    const { seconds } = await timeIt(work);
    (cpu[key] ??= []).push(read() - c0);
    (times[key] ??= []).push(seconds);
    return seconds;
  };
  const sums: Record<string, string> = {};
  try {
    for (let k = 0; k < runs; k++) {
      const a = await measure('ours', ours);
      const bs = await measure('bareSummary', bareSummary);
      const bl = await measure('bareLines', bareLines);
      (ratios.oursVsBareSummary ??= []).push(a / bs);
      let line = `round ${k + 1}: ours ${fmt(a)} · bare DuckDB over the summary by UUID text ${fmt(bs)} · bare DuckDB over the lines ${fmt(bl)}`;
      if (client && k < pgRuns) {
        const c = client;
        for (const [key, sql] of Object.entries(pgQueries)) {
          await c.query('DROP TABLE IF EXISTS rfm_out');
          const p = await measure(key, () => c.query(`CREATE UNLOGGED TABLE rfm_out AS ${sql}`), pgCpu);
          if (k === 0) sums[key] = await rfmChecksum('rfm_out', async (q) => (await c.query({ text: q, rowMode: 'array' })).rows[0] as unknown[]);
          const a2 = await measure('ours', ours); // ours right beside each PostgreSQL run
          (ratios[key] ??= []).push(p / ((a + a2) / 2));
          line += ` · ${key} ${fmt(p)} (ours again ${fmt(a2)})`;
        }
      }
      log(line);
    }
    const duckSum = (relation: string) => rfmChecksum(relation, (q) => store.exclusive(async (db) => Object.values((await db.all(q))[0] ?? {})));
    const oursSum = await duckSum('rfm_ours');
    log(`checksum (customers, Σrecency, Σfrequency, Σmonetary, Σ(100r+10f+m), segments, Σr of Champions): ${oursSum}`);
    for (const [name, sum] of [['bare DuckDB over the summary', await duckSum('rfm_bare_summary')], ['bare DuckDB over the lines', await duckSum('rfm_bare_lines')], ...Object.entries(sums)] as const) {
      log(`${name}: checksum ${sum === oursSum ? 'equal to ours' : `DIFFERENT: ${sum}`}`);
    }
    const rows = await store.exclusive(async (db) => db.one(`SELECT (SELECT count(*) FROM (SELECT * FROM rfm_ours EXCEPT ALL SELECT * FROM rfm_bare_summary)) + (SELECT count(*) FROM (SELECT * FROM rfm_bare_summary EXCEPT ALL SELECT * FROM rfm_ours)) AS n`));
    log(`ours vs bare DuckDB over the summary: ${String(rows?.n)} differing rows`);
  } finally {
    await client?.end().catch(() => undefined);
    await server?.stop();
    await store.close();
  }
  const m = (key: string) => `${fmt(median(times[key] ?? []))} (CPU ${median(cpu[key] ?? []).toFixed(2)} s)`;
  const r = (key: string) => `${median(ratios[key] ?? []).toFixed(2)}×`;
  log(`medians: ours ${m('ours')} · bare DuckDB over the summary by UUID text ${m('bareSummary')} · bare DuckDB over the lines ${m('bareLines')}`);
  log(`ours / bare over the summary ${r('oursVsBareSummary')} (target ≤ 1.5×)`);
  if (times.pgLines) {
    log(`PostgreSQL medians: lines, numeric money ${m('pgLines')} · lines, float8 money ${m('pgFloat')} · its own order summary ${m('pgSummary')}`);
    log(`PostgreSQL / ours, median of per-round ratios (target ≥ 10×): lines numeric ${r('pgLines')} · lines float8 ${r('pgFloat')} · same summary ${r('pgSummary')}`);
  }
}

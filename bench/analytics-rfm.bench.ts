/**
 * RFM over 10,000,000 order lines of 1,000,000 customers (Parquet), three ways in the same run:
 *   ours       — `analyzeRfmFile` (what `guanxi analytics rfm` runs: column checks, SQL from the TS segment grid,
 *                write Parquet, read back a summary)
 *   duckdb     — hand-written DuckDB queries for the same result, COPY to Parquet: the same SQL form as ours
 *                (group by order, then by customer) and the COUNT(DISTINCT) form one would write first
 *   postgres   — both queries on PostgreSQL 15 (jit off), loaded with COPY, result materialised in a table
 *   summary    — the analytics store's way (store/order-summary.ts): one row per order kept beside the lines as they
 *                change, so scoring reads 3.3M orders instead of grouping 10M lines; measured on DuckDB and, with
 *                the same summary table, on PostgreSQL
 * Runs are interleaved round by round and ratios are taken within a round. The results are checked to be equal.
 * Flags: --lines --customers --runs --pg-runs --skip-pg.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { analyzeRfmFile, openDuckDb } from '../src/modules/analytics/index.ts';
import { rfmSnapshotSql } from '../src/modules/analytics/files/rfm.files.ts';
import { readFileSync } from 'node:fs';
import { flags, fmt, linuxCpuSeconds, log, median, processCpuSeconds, timeIt } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';
import { rfmChecksum } from './lib/rfm-checksum.ts';

const work = join(dirname(fileURLToPath(import.meta.url)), '.work');

const SEGMENTS = `['Lost', 'Hibernating', 'At Risk', 'Can''t Lose Them', 'Can''t Lose Them',
  'Hibernating', 'About to Sleep', 'At Risk', 'At Risk', 'Can''t Lose Them',
  'About to Sleep', 'Need Attention', 'Need Attention', 'Loyal', 'Loyal',
  'Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Champions',
  'New Customers', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions']`;

type Form = 'natural' | 'two-phase' | 'summary';

/**
 * The reference query, written by hand; `lines` is a table or a read_parquet(...) call. 'natural' counts orders
 * with COUNT(DISTINCT) as one would first write it; 'two-phase' groups by order first, the form ours generates.
 */
function referenceSql(lines: string, dialect: 'duckdb' | 'postgres', form: Form): string {
  const recency =
    dialect === 'duckdb'
      ? `date_diff('day', CAST(last_at AS DATE), CAST(max(last_at) OVER () AS DATE) + 1)`
      : `(CAST(max(last_at) OVER () AS DATE) + 1) - CAST(last_at AS DATE)`;
  const segments = dialect === 'duckdb' ? SEGMENTS : `(ARRAY${SEGMENTS})`;
  const div = dialect === 'duckdb' ? '//' : '/'; // integer division
  const money = (sum: string) => (dialect === 'duckdb' ? `round(${sum}, 4)` : `CAST(round(CAST(${sum} AS NUMERIC), 4) AS FLOAT8)`);
  const perCustomer =
    form === 'natural'
      ? `SELECT customer_id, max(order_date) AS last_at, count(DISTINCT order_id) AS frequency, ${money('sum(amount)')} AS monetary
         FROM ${lines} GROUP BY customer_id`
      : form === 'summary' // `lines` is then the order summary: (customer_id, order_id, order_at, order_amount)
      ? `SELECT customer_id, max(order_at) AS last_at, count(*) AS frequency, ${money('sum(order_amount)')} AS monetary FROM ${lines} GROUP BY customer_id`
      : `SELECT customer_id, max(order_at) AS last_at, count(*) AS frequency, ${money('sum(order_amount)')} AS monetary
         FROM (SELECT customer_id, order_id, max(order_date) AS order_at, sum(amount) AS order_amount FROM ${lines} GROUP BY customer_id, order_id) orders
         GROUP BY customer_id`;
  return `SELECT customer_id, recency_days, frequency, monetary, r, f, m, (f + m) ${div} 2 AS fm,
      ${segments}[(r - 1) * 5 + (f + m) ${div} 2] AS segment
    FROM (SELECT *, NTILE(5) OVER (ORDER BY recency_days DESC, customer_id) AS r,
                    NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
                    NTILE(5) OVER (ORDER BY monetary, customer_id) AS m
          FROM (SELECT customer_id, ${recency} AS recency_days, frequency, monetary
                FROM (${perCustomer}) per_customer) ranked_input) scored`;
}

async function generate(path: string, lines: number, customers: number): Promise<void> {
  const s = await openDuckDb();
  try {
    // ~3 lines an order; every customer has a first order, later orders go to customers drawn by a hash;
    // orders spread over two years with sub-day timestamps.
    await s.connection.run(`COPY (
      SELECT 'C' || lpad(CAST(CASE WHEN o < ${customers} THEN o ELSE hash(o) % ${customers} END AS VARCHAR), 7, '0') AS customer_id,
             'O' || CAST(o AS VARCHAR) AS order_id,
             TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(o * 7 + 1) % (730 * 86400) AS BIGINT)) AS order_date,
             round(1 + (hash(i) % 20000) / 100.0, 2) AS amount,
             'P' || CAST(hash(i * 3 + 2) % 5000 AS VARCHAR) AS item
      FROM (SELECT i, i // 3 AS o FROM range(${lines}) t(i))
    ) TO '${path}' (FORMAT parquet)`); // DuckDB's default codec (snappy), as most writers use
  } finally {
    s.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const lines = f.num('lines', 10_000_000);
  const customers = f.num('customers', 1_000_000);
  const runs = f.num('runs', 5);
  const pgRuns = f.num('pg-runs', 3);
  mkdirSync(work, { recursive: true });
  const input = join(work, `rfm-v3-${lines}-${customers}.parquet`);
  if (!existsSync(input)) {
    const g = await timeIt(() => generate(input, lines, customers));
    log(`generated ${input} in ${fmt(g.seconds)}`);
  }
  const out = { ours: join(work, 'rfm-ours.parquet'), natural: join(work, 'rfm-duckdb-natural.parquet'), 'two-phase': join(work, 'rfm-duckdb-two-phase.parquet'), summary: join(work, 'rfm-duckdb-summary.parquet') };
  const columns = { customer: 'customer_id', date: 'order_date', amount: 'amount', order: 'order_id' };
  const bareDuck = (form: Form) => async () => {
    const s = await openDuckDb();
    try {
      await s.connection.run(`COPY (${referenceSql(`read_parquet('${input}')`, 'duckdb', form)}) TO '${out[form]}' (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      s.close();
    }
  };

  // The analytics store: the same lines in a DuckDB database file, scored by the SQL ours generates — the
  // like-for-like comparison with PostgreSQL reading its own table.
  const storePath = join(work, `rfm-v3-${lines}-${customers}.duckdb`);
  if (!existsSync(storePath)) {
    const st = await openDuckDb({ path: storePath });
    await st.connection.run(`CREATE TABLE lines AS SELECT * FROM read_parquet('${input}')`);
    st.close();
  }
  const store = await openDuckDb({ path: storePath });
  // The order summary the store keeps as lines arrive (built here once; the feed pays for it a batch at a time).
  const summaryBuild = await timeIt(() => store.connection.run(`CREATE TABLE IF NOT EXISTS orders AS
    SELECT customer_id, order_id, max(order_date) AS order_at, sum(amount) AS order_amount FROM lines GROUP BY customer_id, order_id`));
  log(`store: order summary ready in ${fmt(summaryBuild.seconds)} (0 when it was already there from an earlier run)`);
  const summaryRun = () => timeIt(() => store.connection.run(`CREATE OR REPLACE TEMP TABLE rfm_summary_out AS ${referenceSql('orders', 'duckdb', 'summary')}`));
  const storeTypes = new Map([['customer_id', 'VARCHAR'], ['order_id', 'VARCHAR'], ['order_date', 'TIMESTAMP'], ['amount', 'DOUBLE']]);
  const storeRun = () => timeIt(() => store.connection.run(`CREATE OR REPLACE TEMP TABLE rfm_out AS ${rfmSnapshotSql('lines', storeTypes, columns)}`));

  // PostgreSQL is loaded first so its runs can be interleaved with ours: on a shared machine the load changes
  // minute to minute, and only measurements taken side by side give a fair ratio.
  let client: pg.Client | undefined;
  let server: Awaited<ReturnType<typeof startPgServer>> | undefined;
  if (!f.has('skip-pg')) {
    const csv = join(work, `rfm-v3-${lines}-${customers}.csv`);
    if (!existsSync(csv)) {
      const s = await openDuckDb();
      await s.connection.run(`COPY (SELECT customer_id, order_id, order_date, amount FROM read_parquet('${input}')) TO '${csv}' (FORMAT csv, HEADER true)`);
      s.close();
    }
    chmodSync(csv, 0o644);
    chmodSync(work, 0o755);
    server = await startPgServer({ settings: { work_mem: "'512MB'", shared_buffers: "'2GB'", max_parallel_workers_per_gather: '2' } });
    client = new pg.Client(server.url);
    await client.connect();
    await client.query(`CREATE UNLOGGED TABLE lines (customer_id text, order_id text, order_date timestamp, amount double precision)`);
    const load = await timeIt(() => (client as pg.Client).query(`COPY lines FROM '${csv}' WITH (FORMAT csv, HEADER true)`));
    await client.query('VACUUM ANALYZE lines');
    log(`PostgreSQL 15: loaded ${lines} lines with COPY in ${fmt(load.seconds)}`);
    const pgSummary = await timeIt(async () => {
      await (client as pg.Client).query(`CREATE UNLOGGED TABLE orders AS SELECT customer_id, order_id, max(order_date) AS order_at, sum(amount) AS order_amount FROM lines GROUP BY customer_id, order_id`);
      await (client as pg.Client).query('VACUUM ANALYZE orders');
    });
    log(`PostgreSQL 15: the same order summary table built in ${fmt(pgSummary.seconds)}`);
  }
  // CPU seconds as well as wall time: on a shared machine wall time swings with other people's work, while the
  // CPU an engine spends on the query barely moves. PostgreSQL's = its backend's + the parallel workers' (reaped
  // by the postmaster); ours = this process's, DuckDB threads included.
  const backendPid = client ? Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid) : 0;
  const postmasterPid = server ? Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) : 0;
  const pgCpu = () => linuxCpuSeconds(backendPid, false) + linuxCpuSeconds(postmasterPid, true);
  const cpu: Record<string, number[]> = { ours: [], two: [], store: [], summary: [], pgNatural: [], pgTwo: [], pgSummary: [] };
  const withCpu = async <T>(key: string, work: () => Promise<T>, read = processCpuSeconds) => {
    const before = read();
    const r = await work();
    cpu[key]?.push(read() - before);
    return r;
  };
  const pgRun = async (form: Form) => {
    const c = client as pg.Client;
    await c.query('DROP TABLE IF EXISTS rfm_out');
    const key = form === 'natural' ? 'pgNatural' : form === 'summary' ? 'pgSummary' : 'pgTwo';
    return withCpu(key, () => timeIt(() => c.query(`CREATE UNLOGGED TABLE rfm_out AS ${referenceSql(form === 'summary' ? 'orders' : 'lines', 'postgres', form)}`)), pgCpu);
  };

  const t: Record<string, number[]> = { ours: [], two: [], natural: [], store: [], summary: [], pgNatural: [], pgTwo: [], pgSummary: [] };
  const ratios: Record<string, number[]> = { oursVsTwo: [], oursVsNatural: [], pgNatural: [], pgTwo: [], pgNaturalStore: [], pgTwoStore: [], pgTwoSummary: [], pgSummarySummary: [] };
  const pgSums: Record<string, string> = {};
  try {
    for (let k = 0; k < runs; k++) {
      const a = (await withCpu('ours', () => timeIt(() => analyzeRfmFile({ input, output: out.ours, columns })))).seconds;
      const b = (await withCpu('two', () => timeIt(bareDuck('two-phase')))).seconds;
      const c = (await timeIt(bareDuck('natural'))).seconds;
      t.ours?.push(a);
      t.two?.push(b);
      t.natural?.push(c);
      ratios.oursVsTwo?.push(a / b);
      ratios.oursVsNatural?.push(a / c);
      const st = (await withCpu('store', storeRun)).seconds;
      t.store?.push(st);
      const su = (await withCpu('summary', summaryRun)).seconds;
      t.summary?.push(su);
      let line = `round ${k + 1}: ours ${fmt(a)} · bare DuckDB same SQL form ${fmt(b)} · bare DuckDB COUNT(DISTINCT) form ${fmt(c)} · ours on the store ${fmt(st)} · store with the order summary ${fmt(su)}`;
      if (client && k < pgRuns) {
        const pn = (await pgRun('natural')).seconds;
        if (k === 0) pgSums.natural = await rfmChecksum('rfm_out', async (sql) => Object.values((await (client as pg.Client).query({ text: sql, rowMode: 'array' })).rows[0] as unknown[]));
        const pt = (await pgRun('two-phase')).seconds;
        if (k === 0) pgSums.two = await rfmChecksum('rfm_out', async (sql) => Object.values((await (client as pg.Client).query({ text: sql, rowMode: 'array' })).rows[0] as unknown[]));
        const ps = (await pgRun('summary')).seconds;
        if (k === 0) pgSums.summary = await rfmChecksum('rfm_out', async (sql) => Object.values((await (client as pg.Client).query({ text: sql, rowMode: 'array' })).rows[0] as unknown[]));
        const su2 = (await summaryRun()).seconds;
        t.pgSummary?.push(ps);
        ratios.pgTwoSummary?.push(pt / ((su + su2) / 2));
        ratios.pgSummarySummary?.push(ps / ((su + su2) / 2));
        // Ours once more after PostgreSQL, so each PostgreSQL run has an ours measured right beside it.
        const a2 = (await timeIt(() => analyzeRfmFile({ input, output: out.ours, columns }))).seconds;
        const st2 = (await storeRun()).seconds;
        t.pgNatural?.push(pn);
        t.pgTwo?.push(pt);
        ratios.pgNatural?.push(pn / ((a + a2) / 2));
        ratios.pgTwo?.push(pt / ((a + a2) / 2));
        ratios.pgNaturalStore?.push(pn / ((st + st2) / 2));
        ratios.pgTwoStore?.push(pt / ((st + st2) / 2));
        line += ` · PostgreSQL COUNT(DISTINCT) ${fmt(pn)} · PostgreSQL same form ${fmt(pt)} · PostgreSQL on its order summary ${fmt(ps)} · ours again ${fmt(a2)} · store again ${fmt(st2)} · summary again ${fmt(su2)}`;
      }
      log(line);
    }
  } finally {
    await client?.end().catch(() => undefined);
    await server?.stop();
  }
  const storeSum = await rfmChecksum('rfm_out', async (sql) => (await store.connection.runAndReadAll(sql)).getRowsJS()[0] ?? []);
  const summarySum = await rfmChecksum('rfm_summary_out', async (sql) => (await store.connection.runAndReadAll(sql)).getRowsJS()[0] ?? []);
  store.close();
  const s = await openDuckDb();
  const duck = async (sql: string) => (await s.connection.runAndReadAll(sql)).getRowsJS()[0] ?? [];
  for (const form of ['two-phase', 'natural'] as const) {
    const diff = await duck(`SELECT count(*) FROM (SELECT * FROM read_parquet('${out.ours}') EXCEPT ALL SELECT * FROM read_parquet('${out[form]}'))`);
    log(`ours vs bare DuckDB (${form}): ${String(diff[0])} differing rows`);
  }
  const oursSum = await rfmChecksum(`read_parquet('${out.ours}')`, async (sql) => duck(sql));
  s.close();
  log(`checksum (customers, Σrecency, Σfrequency, Σmonetary, Σ(100r+10f+m), segments, Σr of Champions): ${oursSum}`);
  log(`ours on the store: checksum ${storeSum === oursSum ? 'equal to ours' : `DIFFERENT: ${storeSum}`}`);
  log(`store with the order summary: checksum ${summarySum === oursSum ? 'equal to ours' : `DIFFERENT: ${summarySum}`}`);
  for (const [name, sum] of Object.entries(pgSums)) log(`PostgreSQL (${name}) checksum ${sum === oursSum ? 'equal to ours' : `DIFFERENT: ${sum}`}`);
  const med = (k: string) => median(t[k] ?? []);
  const rat = (k: string) => median(ratios[k] ?? []).toFixed(2);
  log(`medians: ours ${fmt(med('ours'))} · bare DuckDB same form ${fmt(med('two'))} · bare DuckDB COUNT(DISTINCT) ${fmt(med('natural'))} · ours on the store ${fmt(med('store'))} · store with the order summary ${fmt(med('summary'))}`);
  log(`median of per-round ratios: ours / bare same form ${rat('oursVsTwo')}× · ours / bare COUNT(DISTINCT) ${rat('oursVsNatural')}× (target ≤ 1.5×)`);
  if (pgSums.natural) {
    log(`medians: PostgreSQL 15 COUNT(DISTINCT) ${fmt(med('pgNatural'))} · same form ${fmt(med('pgTwo'))}`);
    log(`median of per-round ratios: PostgreSQL COUNT(DISTINCT) / ours ${rat('pgNatural')}× · PostgreSQL same form / ours ${rat('pgTwo')}× (target ≥ 10×)`);
    log(`median of per-round ratios, table to table: PostgreSQL COUNT(DISTINCT) / ours on the store ${rat('pgNaturalStore')}× · PostgreSQL same form / store ${rat('pgTwoStore')}×`);
    log(`order summary: PostgreSQL over the lines (same form) / store with the summary ${rat('pgTwoSummary')}× · PostgreSQL on the same summary table / store with the summary ${rat('pgSummarySummary')}× (PostgreSQL on its summary: median ${fmt(med('pgSummary'))})`);
    const c = (k: string) => median(cpu[k] ?? []);
    log(
      `median CPU seconds: ours ${c('ours').toFixed(2)} · bare DuckDB same form ${c('two').toFixed(2)} · store ${c('store').toFixed(2)} · ` +
        `summary ${c('summary').toFixed(2)} · PostgreSQL COUNT(DISTINCT) ${c('pgNatural').toFixed(2)} · PostgreSQL same form ${c('pgTwo').toFixed(2)} · PostgreSQL summary ${c('pgSummary').toFixed(2)} — ` +
        `PostgreSQL / ours ${(c('pgNatural') / c('ours')).toFixed(1)}× and ${(c('pgTwo') / c('ours')).toFixed(1)}×; ours / bare ${(c('ours') / c('two')).toFixed(2)}×`,
    );
  }
}

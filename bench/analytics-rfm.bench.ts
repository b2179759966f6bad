/**
 * RFM over 10,000,000 order lines of 1,000,000 customers (Parquet), three ways in the same run:
 *   ours       — `analyzeRfmFile` (what `guanxi analytics rfm` runs: column checks, SQL from the TS segment grid,
 *                write Parquet, read back a summary)
 *   duckdb     — hand-written DuckDB queries for the same result, COPY to Parquet: the same SQL form as ours
 *                (group by order, then by customer) and the COUNT(DISTINCT) form one would write first
 *   postgres   — both queries on PostgreSQL 15 (jit off), loaded with COPY, result materialised in a table
 * The three results are checked to be equal. Flags: --lines --customers --runs --pg-runs --skip-pg.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { analyzeRfmFile, openDuckDb } from '../src/modules/analytics/index.ts';
import { flags, fmt, log, median, timeIt } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';

const work = join(dirname(fileURLToPath(import.meta.url)), '.work');

const SEGMENTS = `['Lost', 'Hibernating', 'At Risk', 'Can''t Lose Them', 'Can''t Lose Them',
  'Hibernating', 'About to Sleep', 'At Risk', 'At Risk', 'Can''t Lose Them',
  'About to Sleep', 'Need Attention', 'Need Attention', 'Loyal', 'Loyal',
  'Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Champions',
  'New Customers', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions']`;

type Form = 'natural' | 'two-phase';

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

async function checksum(relation: string, query: (sql: string) => Promise<unknown[]>): Promise<string> {
  const rows = await query(`SELECT count(*), sum(recency_days), sum(frequency), round(CAST(sum(monetary) AS NUMERIC), 2),
      sum(r * 100 + f * 10 + m), count(DISTINCT segment),
      sum(CASE WHEN segment = 'Champions' THEN r ELSE 0 END) FROM ${relation}`);
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^[\d.]+$/.test(v) ? Number(v) : v));
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
  const times: Record<'ours' | Form, number[]> = { ours: [], natural: [], 'two-phase': [] };
  const out = { ours: join(work, 'rfm-ours.parquet'), natural: join(work, 'rfm-duckdb-natural.parquet'), 'two-phase': join(work, 'rfm-duckdb-two-phase.parquet') };
  const columns = { customer: 'customer_id', date: 'order_date', amount: 'amount', order: 'order_id' };
  const bareDuck = (form: Form) => async () => {
    const s = await openDuckDb();
    try {
      await s.connection.run(`COPY (${referenceSql(`read_parquet('${input}')`, 'duckdb', form)}) TO '${out[form]}' (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      s.close();
    }
  };
  for (let k = 0; k < runs; k++) {
    // Interleaved so drift on a shared machine hits all equally.
    const a = await timeIt(() => analyzeRfmFile({ input, output: out.ours, columns }));
    const b = await timeIt(bareDuck('two-phase'));
    const c = await timeIt(bareDuck('natural'));
    times.ours.push(a.seconds);
    times['two-phase'].push(b.seconds);
    times.natural.push(c.seconds);
    log(`run ${k + 1}: ours ${fmt(a.seconds)} · bare DuckDB, same SQL form ${fmt(b.seconds)} · bare DuckDB, COUNT(DISTINCT) form ${fmt(c.seconds)}`);
  }
  const s = await openDuckDb();
  const duck = async (sql: string) => (await s.connection.runAndReadAll(sql)).getRowsJS()[0] ?? [];
  for (const form of ['two-phase', 'natural'] as const) {
    const diff = await duck(`SELECT count(*) FROM (SELECT * FROM read_parquet('${out.ours}') EXCEPT ALL SELECT * FROM read_parquet('${out[form]}'))`);
    log(`ours vs bare DuckDB (${form}): ${String(diff[0])} differing rows`);
  }
  const oursSum = await checksum(`read_parquet('${out.ours}')`, async (sql) => duck(sql));
  log(`checksum (customers, Σrecency, Σfrequency, Σmonetary, Σ(100r+10f+m), segments, …): ${oursSum}`);
  const m = { ours: median(times.ours), two: median(times['two-phase']), natural: median(times.natural) };
  log(`median: ours ${fmt(m.ours)} · bare same form ${fmt(m.two)} (ratio ${(m.ours / m.two).toFixed(2)}×) · bare COUNT(DISTINCT) form ${fmt(m.natural)} (ratio ${(m.ours / m.natural).toFixed(2)}×); target ≤ 1.5×`);

  if (f.has('skip-pg')) {
    s.close();
    return;
  }
  const csv = join(work, `rfm-v3-${lines}-${customers}.csv`);
  if (!existsSync(csv)) await s.connection.run(`COPY (SELECT customer_id, order_id, order_date, amount FROM read_parquet('${input}')) TO '${csv}' (FORMAT csv, HEADER true)`);
  s.close();
  chmodSync(csv, 0o644);
  chmodSync(work, 0o755);
  const server = await startPgServer({ settings: { work_mem: "'512MB'", shared_buffers: "'2GB'", max_parallel_workers_per_gather: '2' } });
  const client = new pg.Client(server.url);
  try {
    await client.connect();
    await client.query(`CREATE UNLOGGED TABLE lines (customer_id text, order_id text, order_date timestamp, amount double precision)`);
    const load = await timeIt(() => client.query(`COPY lines FROM '${csv}' WITH (FORMAT csv, HEADER true)`));
    await client.query('VACUUM ANALYZE lines');
    log(`PostgreSQL: loaded ${lines} lines with COPY in ${fmt(load.seconds)}`);
    for (const form of ['natural', 'two-phase'] as const) {
      const pgTimes: number[] = [];
      for (let k = 0; k < pgRuns; k++) {
        await client.query('DROP TABLE IF EXISTS rfm_out');
        const t = await timeIt(() => client.query(`CREATE UNLOGGED TABLE rfm_out AS ${referenceSql('lines', 'postgres', form)}`));
        pgTimes.push(t.seconds);
        log(`PostgreSQL (${form}) run ${k + 1}: ${fmt(t.seconds)}`);
      }
      const pgSum = await checksum('rfm_out', async (sql) => Object.values((await client.query({ text: sql, rowMode: 'array' })).rows[0] as unknown[]));
      log(`PostgreSQL (${form}) checksum ${pgSum} — ${pgSum === oursSum ? 'equal to ours' : 'DIFFERENT from ours'}`);
      log(`median: PostgreSQL 15 (${form}) ${fmt(median(pgTimes))} · ours ${fmt(m.ours)} · ours is ${(median(pgTimes) / m.ours).toFixed(1)}× faster (target ≥ 10×)`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

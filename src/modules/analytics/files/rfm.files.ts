/**
 * RFM over a file of order lines. The per-customer aggregation and the NTILE ranking run in DuckDB (millions of
 * lines); the scoring rules — NTILE ordering and the segment grid — are the ones in models/rfm.model.ts, turned
 * into SQL here so the file path and the in-memory `scoreRfm` give identical answers (tested).
 */
import { RFM_SEGMENT_GRID } from '../models/rfm.model.ts';
import { sqlString, type DuckSession } from './duckdb.session.ts';
import { linesSql, type LineColumns } from './lines.sql.ts';

/**
 * A parallel floating-point sum depends on thread scheduling, and a last-bit difference would reorder customers at
 * an NTILE boundary, so the same file would not always give the same scores. Money has at most 4 decimals here, so
 * rounding the total to 4 decimals removes the noise (and costs nothing, unlike a DECIMAL sum: +1.4 s on 10M lines).
 */
export const MONEY_DECIMALS = 4;

/** Lines → one row per order (first phase), so purchases are counted without a slow COUNT(DISTINCT). */
function ordersSql(lines: string, where = ''): string {
  return `SELECT customer_id, order_id, max(purchased_at) AS purchased_at, sum(amount) AS amount
    FROM (${lines}) ${where} GROUP BY customer_id, order_id`;
}

export type RfmPeriod = 'week' | 'month';
export type RfmQueryOptions = { asOf?: string; period?: RfmPeriod };

/** The 25-cell segment grid as a DuckDB list literal, indexed by (R − 1) · 5 + FM (1-based). */
export function segmentListSql(): string {
  const cells: string[] = [];
  for (const r of [1, 2, 3, 4, 5] as const) for (const segment of RFM_SEGMENT_GRID[r]) cells.push(sqlString(segment));
  return `[${cells.join(', ')}]`;
}

function scoredSql(source: string, partition: string): string {
  const by = partition ? `PARTITION BY ${partition} ` : '';
  return `SELECT *,
      NTILE(5) OVER (${by}ORDER BY recency_days DESC, customer_id) AS r,
      NTILE(5) OVER (${by}ORDER BY frequency, customer_id) AS f,
      NTILE(5) OVER (${by}ORDER BY monetary, customer_id) AS m
    FROM ${source}`;
}

function finalSql(scored: string, leading: string): string {
  return `SELECT ${leading}customer_id, recency_days, frequency, monetary, r, f, m, (f + m) // 2 AS fm,
      ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment
    FROM (${scored})`;
}

/** One snapshot: recency in whole days before the as-of date (default: the day after the last purchase). */
export function rfmSnapshotSql(relation: string, types: Map<string, string>, c: LineColumns, asOf?: string): string {
  const asOfSql = asOf ? `DATE ${sqlString(asOf)}` : `CAST(max(last_at) OVER () AS DATE) + 1`;
  const perCustomer = `(SELECT customer_id, date_diff('day', CAST(last_at AS DATE), ${asOfSql}) AS recency_days, frequency, monetary
    FROM (SELECT customer_id, max(purchased_at) AS last_at, count(*) AS frequency, round(sum(amount), ${MONEY_DECIMALS}) AS monetary
          FROM (${ordersSql(linesSql(relation, types, c), asOf ? `WHERE purchased_at < DATE ${sqlString(asOf)}` : '')}) GROUP BY customer_id))`;
  return finalSql(scoredSql(perCustomer, ''), '');
}

/**
 * History: one snapshot at the end of every week or month, for each customer who had bought by then — cumulative
 * frequency and monetary value, recency measured from the period's end — scored within its period.
 */
export function rfmHistorySql(relation: string, types: Map<string, string>, c: LineColumns, period: RfmPeriod): string {
  const step = `INTERVAL 1 ${period.toUpperCase()}`;
  const lines = linesSql(relation, types, c);
  const history = `(WITH lines AS (${lines}),
    orders AS (${ordersSql('SELECT * FROM lines')}),
    per_period AS (SELECT customer_id, CAST(date_trunc('${period}', purchased_at) AS DATE) AS period_start, max(purchased_at) AS last_at,
                          count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY ALL),
    periods AS (SELECT CAST(unnest(generate_series(min(period_start), max(period_start), ${step})) AS DATE) AS period_start FROM per_period),
    firsts AS (SELECT customer_id, min(period_start) AS first_period FROM per_period GROUP BY customer_id),
    grid AS (SELECT f.customer_id, p.period_start FROM firsts f JOIN periods p ON p.period_start >= f.first_period),
    cumulative AS (
      SELECT g.customer_id, g.period_start,
             max(pp.last_at) OVER w AS last_at,
             sum(coalesce(pp.orders, 0)) OVER w AS frequency,
             round(sum(coalesce(pp.amount, 0)) OVER w, ${MONEY_DECIMALS}) AS monetary
      FROM grid g LEFT JOIN per_period pp ON pp.customer_id = g.customer_id AND pp.period_start = g.period_start
      WINDOW w AS (PARTITION BY g.customer_id ORDER BY g.period_start ROWS UNBOUNDED PRECEDING))
    SELECT customer_id, period_start,
           date_diff('day', CAST(last_at AS DATE), CAST(period_start + ${step} AS DATE)) AS recency_days, frequency, monetary
    FROM cumulative)`;
  return `${finalSql(scoredSql(history, 'period_start'), 'period_start, ')} ORDER BY period_start, customer_id`;
}

export type RfmSummary = {
  customers: number;
  snapshots: number;
  segments: Record<string, number>;
  recencyDays: { min: number; median: number; max: number };
  frequency: { min: number; median: number; max: number };
  monetary: { min: number; median: number; max: number; total: number };
};

/** Summary of the written output (the last snapshot when there is history), read back from the file. */
export async function summariseRfm(session: DuckSession, outputRelation: string, history: boolean): Promise<RfmSummary> {
  const last = history ? `WHERE period_start = (SELECT max(period_start) FROM ${outputRelation})` : '';
  const stats = await session.connection.runAndReadAll(`SELECT count(*)::DOUBLE,
      min(recency_days)::DOUBLE, median(recency_days)::DOUBLE, max(recency_days)::DOUBLE,
      min(frequency)::DOUBLE, median(frequency)::DOUBLE, max(frequency)::DOUBLE,
      min(monetary), median(monetary), max(monetary), sum(monetary)
    FROM ${outputRelation} ${last}`);
  const v = (stats.getRows()[0] ?? []).map(Number);
  const seg = await session.connection.runAndReadAll(
    `SELECT segment, count(*)::DOUBLE FROM ${outputRelation} ${last} GROUP BY segment ORDER BY 2 DESC`,
  );
  const snapshots = history
    ? Number((await session.connection.runAndReadAll(`SELECT count(DISTINCT period_start)::DOUBLE FROM ${outputRelation}`)).getRows()[0]?.[0])
    : 1;
  return {
    customers: v[0] ?? 0,
    snapshots,
    segments: Object.fromEntries(seg.getRows().map((row) => [String(row[0]), Number(row[1])])),
    recencyDays: { min: v[1] ?? 0, median: v[2] ?? 0, max: v[3] ?? 0 },
    frequency: { min: v[4] ?? 0, median: v[5] ?? 0, max: v[6] ?? 0 },
    monetary: { min: v[7] ?? 0, median: v[8] ?? 0, max: v[9] ?? 0, total: v[10] ?? 0 },
  };
}

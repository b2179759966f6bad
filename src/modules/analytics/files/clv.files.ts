/**
 * Purchase summaries (x, t_x, T, mean repeat spend) from a file of order lines, computed in DuckDB and handed to
 * the models as typed arrays. Times are exact (epoch seconds / period), so sub-day timestamps are used when the
 * data has them — whole-day rounding biases α by ~6 % on simulated data (PEERS.md).
 */
import { invalid } from '../../../kernel/index.ts';
import type { CustomerSummaries } from '../models/summary.types.ts';
import { sqlString, type DuckSession } from './duckdb.session.ts';
import { linesSql, type LineColumns } from './lines.sql.ts';

export type PeriodUnit = 'day' | 'week' | 'month';
/** Length of a model period in days (a month is 365.25 / 12 days, as lifetimes' 'M' is approximately). */
export const PERIOD_DAYS: Record<PeriodUnit, number> = { day: 1, week: 7, month: 365.25 / 12 };

export type PurchaseSummaries = CustomerSummaries & {
  monetary: Float64Array;
  customerIds: string[];
  calibrationEnd: string;
};

/**
 * A purchase is one order (or, without an order column, one distinct timestamp); its time is the order's first
 * line. The calibration end is an instant: purchases at or before it count, and T runs up to it.
 */
/** Sorted by customer: floating-point sums depend on order, and the same file must give the same fitted digits. */
export function summarySql(relation: string, types: Map<string, string>, c: LineColumns, unit: PeriodUnit, calibrationEnd?: string): string {
  const seconds = PERIOD_DAYS[unit] * 86_400;
  const end = calibrationEnd ? `CAST(${sqlString(calibrationEnd)} AS TIMESTAMP)` : '(SELECT max(purchased_at) FROM lines)';
  return `WITH lines AS (${linesSql(relation, types, c)}),
    purchases AS (
      SELECT customer_id, min(purchased_at) AS purchased_at, sum(amount) AS value FROM lines
      WHERE purchased_at <= ${end} GROUP BY customer_id, order_id),
    per_customer AS (
      SELECT customer_id, count(*) - 1 AS x, min(purchased_at) AS first_at, max(purchased_at) AS last_at,
             sum(value) - arg_min(value, purchased_at) AS repeat_value
      FROM purchases GROUP BY customer_id)
    SELECT customer_id, CAST(x AS DOUBLE) AS x,
           (epoch(last_at) - epoch(first_at)) / ${seconds} AS t_x,
           (epoch(${end}) - epoch(first_at)) / ${seconds} AS t,
           CASE WHEN x > 0 THEN repeat_value / x ELSE 0 END AS monetary
    FROM per_customer ORDER BY customer_id`;
}

export async function readPurchaseSummaries(
  session: DuckSession,
  relation: string,
  types: Map<string, string>,
  c: LineColumns,
  unit: PeriodUnit,
  calibrationEnd?: string,
): Promise<PurchaseSummaries> {
  if (calibrationEnd !== undefined && Number.isNaN(Date.parse(calibrationEnd))) {
    throw invalid('ANALYTICS.BAD_VALUE', `--calibration-end ${calibrationEnd} is not a date (use YYYY-MM-DD)`);
  }
  // The calibration end is fixed first, so the summary query does not rescan the lines for it.
  const endReader = await session.connection.runAndReadAll(
    calibrationEnd
      ? `SELECT CAST(CAST(${sqlString(calibrationEnd)} AS TIMESTAMP) AS VARCHAR)`
      : `SELECT CAST(max(purchased_at) AS VARCHAR) FROM (${linesSql(relation, types, c)})`,
  );
  const end = String(endReader.getRows()[0]?.[0] ?? '');
  if (end === '' || end === 'null') throw invalid('ANALYTICS.NO_DATA', 'no purchases in the input');
  const reader = await session.connection.runAndReadAll(summarySql(relation, types, c, unit, end));
  const columns = reader.getColumnsJS();
  const ids = (columns[0] ?? []).map(String);
  if (ids.length === 0) throw invalid('ANALYTICS.NO_DATA', 'no purchases before the calibration end');
  return {
    customerIds: ids,
    frequency: Float64Array.from((columns[1] ?? []) as number[]),
    recency: Float64Array.from((columns[2] ?? []) as number[]),
    age: Float64Array.from((columns[3] ?? []) as number[]),
    monetary: Float64Array.from((columns[4] ?? []) as number[]),
    calibrationEnd: end,
  };
}

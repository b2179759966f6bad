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
  /** Purchases after the calibration end, per customer (all zero when the end is the last purchase). */
  holdout: Float64Array;
  /** Length of the holdout period (calibration end → last purchase in the file), in model periods. */
  holdoutLength: number;
};

/**
 * A purchase is one order (or, without an order column, one distinct timestamp); its time is the order's first
 * line. The calibration end is an instant: purchases at or before it count, and T runs up to it; later ones are
 * the holdout, for checking predictions. Sorted by customer: floating-point sums depend on order, and the same
 * file must give the same fitted digits.
 */
export function summarySql(relation: string, types: Map<string, string>, c: LineColumns, unit: PeriodUnit, calibrationEnd: string): string {
  const seconds = PERIOD_DAYS[unit] * 86_400;
  const end = `CAST(${sqlString(calibrationEnd)} AS TIMESTAMP)`;
  const inCalibration = `FILTER (WHERE purchased_at <= ${end})`;
  return `WITH lines AS (${linesSql(relation, types, c)}),
    purchases AS (SELECT customer_id, min(purchased_at) AS purchased_at, sum(amount) AS value FROM lines GROUP BY customer_id, order_id),
    per_customer AS (
      SELECT customer_id, count(*) ${inCalibration} - 1 AS x, min(purchased_at) ${inCalibration} AS first_at,
             max(purchased_at) ${inCalibration} AS last_at,
             sum(value) ${inCalibration} - arg_min(value, purchased_at) ${inCalibration} AS repeat_value,
             count(*) FILTER (WHERE purchased_at > ${end}) AS holdout
      FROM purchases GROUP BY customer_id HAVING count(*) ${inCalibration} > 0)
    SELECT customer_id, CAST(x AS DOUBLE) AS x,
           (epoch(last_at) - epoch(first_at)) / ${seconds} AS t_x,
           (epoch(${end}) - epoch(first_at)) / ${seconds} AS t,
           CASE WHEN x > 0 THEN repeat_value / x ELSE 0 END AS monetary,
           CAST(holdout AS DOUBLE) AS holdout
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
  // Fixed first, so the summary query does not rescan the lines for them.
  const bounds = await session.connection.runAndReadAll(
    `SELECT CAST(${calibrationEnd ? `CAST(${sqlString(calibrationEnd)} AS TIMESTAMP)` : 'max(purchased_at)'} AS VARCHAR), CAST(max(purchased_at) AS VARCHAR)
     FROM (${linesSql(relation, types, c)})`,
  );
  const [endValue, lastValue] = bounds.getRows()[0] ?? [];
  if (lastValue === null || lastValue === undefined) throw invalid('ANALYTICS.NO_DATA', 'no purchases in the input');
  const end = String(endValue);
  const holdoutLength = Math.max(0, (Date.parse(`${String(lastValue).replace(' ', 'T')}Z`) - Date.parse(`${end.replace(' ', 'T')}Z`)) / (PERIOD_DAYS[unit] * 86_400_000));
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
    holdout: Float64Array.from((columns[5] ?? []) as number[]),
    holdoutLength,
    calibrationEnd: end,
  };
}

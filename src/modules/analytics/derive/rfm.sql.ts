/**
 * RFM over the store, as SQL: the same scoring as models/rfm.model.ts and the file path (NTILE(5), recency
 * descending = most recent scores 5, ties by customer id; segment from R × ⌊(F + M) / 2⌋). A purchase is an order;
 * monetary is the net amount (before tax) of the customer's live order lines in the store's currency: the derived
 * figures describe the business done in that currency, and lines in other currencies are left out (and counted in
 * the answers' `excludedLines`) rather than added to yuan as if they were yuan.
 */
import { segmentListSql } from '../files/rfm.files.ts';
import { lit } from '../store/store.ts';

/** The tenant's order lines in `currency`, as a relation. */
export function linesIn(tenantId: string, currency: string): string {
  return `(SELECT * FROM order_lines WHERE tenant_id = ${lit(tenantId)} AND currency = ${lit(currency)})`;
}

/**
 * One row per order of the tenant's lines in `currency`, from the order summary the store keeps beside the lines
 * (store/order-summary.ts; the refresher makes sure it is current before a derive reads it).
 */
export function ordersOf(tenantId: string, currency: string): string {
  return `SELECT customer_id, order_id, ordered_on, amount FROM order_summary WHERE tenant_id = ${lit(tenantId)} AND currency = ${lit(currency)}`;
}

function scored(source: string, partition: string): string {
  const by = partition ? `PARTITION BY ${partition} ` : '';
  return `SELECT *,
      NTILE(5) OVER (${by}ORDER BY recency_days DESC, customer_id) AS r,
      NTILE(5) OVER (${by}ORDER BY frequency, customer_id) AS f,
      NTILE(5) OVER (${by}ORDER BY monetary, customer_id) AS m
    FROM ${source}`;
}

function withSegment(inner: string, leading: string): string {
  return `SELECT ${leading}customer_id, recency_days, frequency, monetary, r, f, m, ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment FROM (${inner})`;
}

/** Current snapshot as of `asOf` (exclusive): recency in days from the last order to the as-of day. */
export function rfmSnapshotSql(tenantId: string, asOf: string, currency: string): string {
  const per = `(SELECT customer_id, date_diff('day', max(ordered_on), DATE ${lit(asOf)}) AS recency_days, count(*) AS frequency, round(sum(amount), 2) AS monetary
    FROM (${ordersOf(tenantId, currency)}) WHERE ordered_on < DATE ${lit(asOf)} GROUP BY customer_id)`;
  return withSegment(scored(per, ''), '');
}

/**
 * History: a snapshot at the end of every week or month up to the one holding `asOf`, for each customer who had
 * bought by then (cumulative frequency and money, recency from the period's end or `asOf`), scored within its period.
 */
export function rfmHistorySql(tenantId: string, period: 'week' | 'month', asOf: string, currency: string): string {
  const step = `INTERVAL 1 ${period.toUpperCase()}`;
  const history = `(WITH orders AS (${ordersOf(tenantId, currency)} AND ordered_on < DATE ${lit(asOf)}),
    per_period AS (SELECT customer_id, CAST(date_trunc('${period}', ordered_on) AS DATE) AS period_start, max(ordered_on) AS last_on,
                          count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY ALL),
    periods AS (SELECT CAST(unnest(generate_series(min(period_start), CAST(date_trunc('${period}', DATE ${lit(asOf)} - 1) AS DATE), ${step})) AS DATE) AS period_start FROM per_period),
    firsts AS (SELECT customer_id, min(period_start) AS first_period FROM per_period GROUP BY customer_id),
    grid AS (SELECT f.customer_id, p.period_start FROM firsts f JOIN periods p ON p.period_start >= f.first_period),
    cumulative AS (
      SELECT g.customer_id, g.period_start, max(pp.last_on) OVER w AS last_on,
             sum(coalesce(pp.orders, 0)) OVER w AS frequency, round(sum(coalesce(pp.amount, 0)) OVER w, 2) AS monetary
      FROM grid g LEFT JOIN per_period pp ON pp.customer_id = g.customer_id AND pp.period_start = g.period_start
      WINDOW w AS (PARTITION BY g.customer_id ORDER BY g.period_start ROWS UNBOUNDED PRECEDING))
    SELECT customer_id, period_start,
           date_diff('day', last_on, least(CAST(period_start + ${step} AS DATE), DATE ${lit(asOf)})) AS recency_days, frequency, monetary
    FROM cumulative)`;
  return withSegment(scored(history, 'period_start'), 'period_start, ');
}

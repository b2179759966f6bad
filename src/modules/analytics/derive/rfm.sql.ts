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
  return `SELECT customer_id, customer_key, order_id, ordered_on, amount FROM order_summary WHERE tenant_id = ${lit(tenantId)} AND currency = ${lit(currency)}`;
}

/**
 * The tenant's customers by key, each with its rank in the order of their ids: the NTILE ties are broken by the
 * customer id, and comparing this rank (packed with the score value into one BIGINT) is far cheaper than comparing
 * the ids in each of the three sorts. One sort of the ids per query.
 */
function ranksOf(tenantId: string): string {
  return `SELECT customer_key, customer_id, row_number() OVER (ORDER BY customer_id) AS id_rank FROM customer_keys WHERE tenant_id = ${lit(tenantId)}`;
}

/** Customers per tenant stay far below 2³²: a customer's rank fits beside a score value in one BIGINT sort key. */
const KEY_SPAN = 4294967296;

/** NTILE(5) for R, F and M within `partition`, ties broken by `id_rank` (= by customer id). */
function scoredByRank(source: string, partition: string): string {
  const by = partition ? `PARTITION BY ${partition} ` : '';
  return `SELECT *,
      NTILE(5) OVER (${by}ORDER BY -recency_days::BIGINT * ${KEY_SPAN} + id_rank) AS r,
      NTILE(5) OVER (${by}ORDER BY frequency::BIGINT * ${KEY_SPAN} + id_rank) AS f,
      NTILE(5) OVER (${by}ORDER BY monetary, id_rank) AS m
    FROM ${source}`;
}

function withSegment(inner: string, leading: string): string {
  return `SELECT ${leading}customer_id, recency_days, frequency, monetary, r, f, m, ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment FROM (${inner})`;
}

/** Current snapshot as of `asOf` (exclusive): recency in days from the last order to the as-of day. */
export function rfmSnapshotSql(tenantId: string, asOf: string, currency: string): string {
  const per = `SELECT customer_key, date_diff('day', max(ordered_on), DATE ${lit(asOf)}) AS recency_days, count(*) AS frequency, round(sum(amount), 2) AS monetary
    FROM (${ordersOf(tenantId, currency)}) WHERE ordered_on < DATE ${lit(asOf)} GROUP BY customer_key`;
  return withSegment(scoredByRank(`(SELECT k.customer_id, k.id_rank, p.* FROM (${per}) p JOIN (${ranksOf(tenantId)}) k USING (customer_key))`, ''), '');
}

/**
 * History: a snapshot at the end of every week or month up to the one holding `asOf`, for each customer who had
 * bought by then (cumulative frequency and money, recency from the period's end or `asOf`), scored within its period.
 * `from` (a period start) leaves out the periods before it: their rows depend only on orders before them, so an
 * incremental derive (derive/history.ts) keeps them and scores only the periods from the earliest change on.
 *
 * How, for speed (the same rows as a grid of every customer × period with running sums, tested against it): the
 * running totals are taken over the periods a customer bought in only, each row then spread over the periods until
 * their next purchase; the NTILE ties are broken by the customer's rank among the tenant's customers (the order of
 * their ids) packed with the score value into one integer, so each of the three sorts compares one BIGINT; and
 * customers are grouped by their integer key, not their id.
 */
export function rfmHistorySql(tenantId: string, period: 'week' | 'month', asOf: string, currency: string, from?: string): string {
  const step = `INTERVAL 1 ${period.toUpperCase()}`;
  const a = `DATE ${lit(asOf)}`;
  const last = `CAST(date_trunc('${period}', ${a} - 1) AS DATE)`;
  const history = `(WITH orders AS (${ordersOf(tenantId, currency)} AND ordered_on < ${a}),
    per_period AS (SELECT customer_key, CAST(date_trunc('${period}', ordered_on) AS DATE) AS period_start, max(ordered_on) AS last_on,
                          count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY ALL),
    running AS (
      SELECT customer_key, period_start, max(last_on) OVER w AS last_on, sum(orders) OVER w AS frequency, round(sum(amount) OVER w, 2) AS monetary,
             coalesce(CAST(lead(period_start) OVER (PARTITION BY customer_key ORDER BY period_start) - ${step} AS DATE), ${last}) AS until
      FROM per_period WINDOW w AS (PARTITION BY customer_key ORDER BY period_start ROWS UNBOUNDED PRECEDING)),
    spread AS (
      SELECT customer_key, CAST(unnest(generate_series(${from ? `greatest(period_start, DATE ${lit(from)})` : 'period_start'}, until, ${step})) AS DATE) AS period_start, last_on, frequency, monetary
      FROM running ${from ? `WHERE until >= DATE ${lit(from)}` : ''})
    SELECT k.customer_id, s.period_start, k.id_rank,
           date_diff('day', s.last_on, least(CAST(s.period_start + ${step} AS DATE), ${a})) AS recency_days, s.frequency, s.monetary
    FROM spread s JOIN (${ranksOf(tenantId)}) k USING (customer_key))`;
  return withSegment(scoredByRank(history, 'period_start'), 'period_start, ');
}

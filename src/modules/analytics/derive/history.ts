/**
 * The RFM history (rfm_history), kept up to date incrementally. A period's rows depend only on the orders placed up
 * to its end (cumulative figures, scored among the customers who had bought by then) and, for the period holding
 * the as-of day, on that day. So a derive rescoring every period of every customer after each new order did the
 * same work again and again: now each period's input is fingerprinted (its orders as the history reads them:
 * customer, order, day, amount in the store's currency), and only the periods from the earliest one whose
 * fingerprint moved — or the one holding the previous as-of day, when the day moved — are deleted and derived
 * again. New orders are today's, so a derive after them rescores one period instead of three years of them.
 *
 * Anything that rewrites order lines (the feed, a rebuild, a merge moving lines to another person, a restored
 * order) shows in the fingerprints; nothing has to report what it changed.
 */
import { lit, type StoreConnection } from '../store/store.ts';
import { ordersOf, rfmHistorySql } from './rfm.sql.ts';

export type HistoryPeriod = 'month' | 'week';
/** What a refresh did: from which period it derived again (null: all of them), or nothing when nothing moved. */
export type HistoryRefresh = { derived: 'all' | 'from' | 'nothing'; from: string | null; periods: number };

/** Per period of the tenant's orders (all of them, whatever their day): how many, and an order-independent hash. */
function fingerprintsSql(tenantId: string, period: HistoryPeriod, currency: string): string {
  return `SELECT CAST(date_trunc('${period}', ordered_on) AS DATE) AS period_start, count(*)::BIGINT AS orders,
      bit_xor(hash(customer_id, order_id, ordered_on, amount))::UBIGINT AS fingerprint
    FROM (${ordersOf(tenantId, currency)}) GROUP BY ALL`;
}

/**
 * Brings the tenant's `period` history up to `asOf` (run it inside the derive's transaction). Returns what it
 * derived again; the rows are always what a full `rfmHistorySql` would give (tested against it).
 */
export async function refreshHistory(db: StoreConnection, tenantId: string, period: HistoryPeriod, asOf: string, currency: string): Promise<HistoryRefresh> {
  const t = lit(tenantId);
  const p = lit(period);
  await db.run(`CREATE OR REPLACE TEMP TABLE history_fingerprints AS ${fingerprintsSql(tenantId, period, currency)}`);
  const stored = await db.one(`SELECT count(*)::INTEGER AS n, min(CAST(as_of AS VARCHAR)) AS as_of, min(currency) AS currency, count(DISTINCT as_of)::INTEGER AS days
    FROM history_inputs WHERE tenant_id = ${t} AND period = ${p}`);
  let from: string | null = null;
  let derived: HistoryRefresh['derived'] = 'all';
  if (Number(stored?.n ?? 0) > 0 && stored?.currency === currency && Number(stored.days) === 1) {
    const storedAsOf = String(stored.as_of);
    // The earliest period whose orders differ (present on one side only, or another count or hash).
    const changed = await db.one(`SELECT CAST(min(coalesce(c.period_start, s.period_start)) AS VARCHAR) AS first
      FROM history_fingerprints c FULL JOIN (SELECT * FROM history_inputs WHERE tenant_id = ${t} AND period = ${p}) s ON s.period_start = c.period_start
      WHERE c.period_start IS NULL OR s.period_start IS NULL OR c.orders <> s.orders OR c.fingerprint <> s.fingerprint`);
    const candidates = [changed?.first ? String(changed.first) : null];
    // Another as-of day changes the recency of the period that held the old one, and which periods exist after it.
    if (storedAsOf !== asOf) {
      const moved = await db.one(`SELECT CAST(least(date_trunc('${period}', DATE ${lit(storedAsOf)} - 1), date_trunc('${period}', DATE ${lit(asOf)} - 1)) AS DATE)::VARCHAR AS first`);
      candidates.push(String(moved?.first));
    }
    const earliest = candidates.filter((c): c is string => c !== null).sort()[0];
    if (earliest === undefined) return { derived: 'nothing', from: null, periods: 0 };
    from = earliest;
    derived = 'from';
  }
  await db.run(`DELETE FROM rfm_history WHERE tenant_id = ${t} AND period = ${p}${from ? ` AND period_start >= DATE ${lit(from)}` : ''}`);
  await db.run(`INSERT INTO rfm_history SELECT ${t}, ${p}, period_start, customer_id, recency_days, frequency, monetary, r, f, m, segment
    FROM (${rfmHistorySql(tenantId, period, asOf, currency, from ?? undefined)})`);
  await db.run(`DELETE FROM history_inputs WHERE tenant_id = ${t} AND period = ${p}`);
  await db.run(`INSERT INTO history_inputs SELECT ${t}, ${p}, period_start, orders, fingerprint, DATE ${lit(asOf)}, ${lit(currency)} FROM history_fingerprints`);
  const periods = Number((await db.one(`SELECT count(DISTINCT period_start)::INTEGER AS n FROM rfm_history WHERE tenant_id = ${t} AND period = ${p}${from ? ` AND period_start >= DATE ${lit(from)}` : ''}`))?.n ?? 0);
  await db.run(`DROP TABLE history_fingerprints`);
  return { derived, from, periods };
}

/**
 * Preference shift per customer: the mix of order lines by product category, channel and region in the last year
 * (recent) against the two years before (baseline), judged by Jensen–Shannon divergence (models/preference-shift).
 */
import { preferenceShift } from '../models/preference-shift.model.ts';
import { lit, type Row } from '../store/store.ts';

export const RECENT_DAYS = 365;
export const BASELINE_DAYS = 730;

export type PreferenceDimension = 'category' | 'channel' | 'region';
export type PreferenceOut = {
  dimension: PreferenceDimension;
  divergence: number;
  shifted: boolean;
  baseline: { from: string; to: string };
  recent: { from: string; to: string };
  baselineTotal: number;
  recentTotal: number;
  changes: { key: string; baselineShare: number; recentShare: number; delta: number }[];
};

const day = (asOf: string, minus: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - minus * 86_400_000).toISOString().slice(0, 10);

/** Windows: recent = [asOf − 365 d, asOf), baseline = [asOf − 1095 d, asOf − 365 d); `to` is inclusive. */
export function windows(asOf: string) {
  return {
    baseline: { from: day(asOf, RECENT_DAYS + BASELINE_DAYS), to: day(asOf, RECENT_DAYS + 1) },
    recent: { from: day(asOf, RECENT_DAYS), to: day(asOf, 1) },
  };
}

/** Line counts per customer, dimension, window and key; `customerId` narrows to one customer. */
export function preferenceCountsSql(tenantId: string, asOf: string, customerId?: string): string {
  const w = windows(asOf);
  const lines = `SELECT l.customer_id, CASE WHEN l.ordered_on >= DATE ${lit(w.recent.from)} THEN 'recent' ELSE 'baseline' END AS win,
      coalesce(p.category, '-') AS category, coalesce(l.channel, '-') AS channel, coalesce(l.region, '-') AS region
    FROM order_lines l LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.product_id = l.product_id
    WHERE l.tenant_id = ${lit(tenantId)} AND l.ordered_on >= DATE ${lit(w.baseline.from)} AND l.ordered_on < DATE ${lit(asOf)}
      ${customerId ? `AND l.customer_id = ${lit(customerId)}` : ''}`;
  // One scan with three grouping sets (three GROUP BYs over a CTE read the lines three times).
  return `SELECT customer_id, CASE WHEN grouping(category) = 0 THEN 'category' WHEN grouping(channel) = 0 THEN 'channel' ELSE 'region' END AS dimension,
      win, coalesce(category, channel, region) AS key, count(*)::INTEGER AS n
    FROM (${lines}) GROUP BY GROUPING SETS ((customer_id, win, category), (customer_id, win, channel), (customer_id, win, region))`;
}

/** Rows of preferenceCountsSql → each customer's shifts, one per dimension with data in both windows. */
export function preferencesOf(rows: readonly Row[], asOf: string): Map<string, PreferenceOut[]> {
  const counts = new Map<string, Map<PreferenceDimension, { baseline: Map<string, number>; recent: Map<string, number> }>>();
  for (const row of rows) {
    const id = String(row.customer_id);
    const dimension = row.dimension as PreferenceDimension;
    const perCustomer = counts.get(id) ?? new Map();
    counts.set(id, perCustomer);
    const pair = perCustomer.get(dimension) ?? { baseline: new Map<string, number>(), recent: new Map<string, number>() };
    perCustomer.set(dimension, pair);
    pair[row.win === 'recent' ? 'recent' : 'baseline'].set(String(row.key), Number(row.n));
  }
  const w = windows(asOf);
  const out = new Map<string, PreferenceOut[]>();
  for (const [id, dims] of counts) {
    const list: PreferenceOut[] = [];
    for (const dimension of ['category', 'channel', 'region'] as const) {
      const pair = dims.get(dimension);
      if (!pair || pair.baseline.size === 0 || pair.recent.size === 0) continue;
      const shift = preferenceShift(pair.baseline, pair.recent);
      list.push({ dimension, ...w, ...shift });
    }
    if (list.length) out.set(id, list);
  }
  return out;
}

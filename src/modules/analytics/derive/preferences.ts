/**
 * Preference shift per customer: the mix of order lines by product category, channel and region in the last year
 * (recent) against the two years before (baseline), judged by Jensen–Shannon divergence (models/preference-shift).
 */
import { preferenceShift } from '../models/preference-shift.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';
import { integersOf } from './integers.ts';

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

const DIMENSIONS = ['category', 'channel', 'region'] as const;

/**
 * Every customer's shifts, one per dimension with data in both windows, from `preferenceCountsSql`, read from the store compactly: the counts
 * are a few hundred thousand rows at 30,000 customers, and turning each value of each row into a JavaScript value
 * cost more than the query and the divergences together. So the keys (few: categories, channels, regions) come as
 * one small dictionary and each customer's counts as one text of integers, split here.
 */
export async function preferencesFor(db: StoreConnection, tenantId: string, asOf: string): Promise<Map<string, PreferenceOut[]>> {
  await db.run(`CREATE OR REPLACE TEMP TABLE preference_counts AS ${preferenceCountsSql(tenantId, asOf)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE preference_keys AS SELECT key, (row_number() OVER (ORDER BY key) - 1)::INTEGER AS i FROM (SELECT DISTINCT key FROM preference_counts)`);
  const keys: string[] = [];
  for (const row of await db.all(`SELECT key, i FROM preference_keys`)) keys[Number(row.i)] = String(row.key);
  const rows = await db.all(`SELECT customer_id, string_agg(concat_ws(' ', CASE c.dimension WHEN 'category' THEN 0 WHEN 'channel' THEN 1 ELSE 2 END,
      CASE c.win WHEN 'recent' THEN 1 ELSE 0 END, k.i, c.n), ',') AS counts
    FROM preference_counts c JOIN preference_keys k USING (key) GROUP BY customer_id`);
  await db.run(`DROP TABLE preference_counts`);
  await db.run(`DROP TABLE preference_keys`);
  const w = windows(asOf);
  const out = new Map<string, PreferenceOut[]>();
  for (const row of rows) {
    const pairs = DIMENSIONS.map(() => ({ baseline: new Map<string, number>(), recent: new Map<string, number>() }));
    // dimension, window, key, count; dimension, window, …
    const counts = integersOf(String(row.counts));
    for (let i = 0; i + 3 < counts.length; i += 4) {
      (pairs[counts[i] as number] as (typeof pairs)[number])[counts[i + 1] === 1 ? 'recent' : 'baseline'].set(keys[counts[i + 2] as number] as string, counts[i + 3] as number);
    }
    const list: PreferenceOut[] = [];
    for (const [d, dimension] of DIMENSIONS.entries()) {
      const pair = pairs[d] as (typeof pairs)[number];
      if (pair.baseline.size === 0 || pair.recent.size === 0) continue;
      list.push({ dimension, ...w, ...preferenceShift(pair.baseline, pair.recent) });
    }
    if (list.length) out.set(String(row.customer_id), list);
  }
  return out;
}

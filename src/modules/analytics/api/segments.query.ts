/** The segment picture of the customers the caller may see: RFM segments now, value tiers, and last period's migration. */
import type { RfmSegment } from '../models/rfm.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';
import type { Segments } from './analytics.schema.ts';
import { lifetimeValueUnavailable } from './clv-unavailable.ts';
import { excludedLines } from './currency.ts';
import { currentFits } from '../derive/fits.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;
const TIERS = ['high', 'medium', 'low', 'negative'] as const;

export async function segmentsOf(db: StoreConnection, tenantId: string, visible: string, asOf: string, period: 'month' | 'week', currency: string): Promise<Omit<Segments, 'derivedAt'>> {
  const t = lit(tenantId);
  const scores = `(SELECT s.* FROM customer_scores s JOIN customers c ON c.tenant_id = s.tenant_id AND c.customer_id = s.customer_id WHERE s.tenant_id = ${t} AND ${visible})`;
  const segments = await db.all(`SELECT segment, count(*)::INTEGER AS customers, sum(monetary)::DOUBLE AS monetary FROM ${scores} GROUP BY segment ORDER BY customers DESC, segment`);
  const total = segments.reduce((sum, s) => sum + Number(s.customers), 0);
  const tiers = new Map((await db.all(`SELECT tier, count(*)::INTEGER AS customers, sum(revenue)::DOUBLE AS revenue, sum(profit)::DOUBLE AS profit, sum(coalesce(clv, 0))::DOUBLE AS clv, sum(value)::DOUBLE AS value FROM ${scores} GROUP BY tier`)).map((r) => [String(r.tier), r]));
  const periods = await db.all(`SELECT DISTINCT CAST(period_start AS VARCHAR) AS p FROM rfm_history WHERE tenant_id = ${t} AND period = '${period}' ORDER BY p DESC LIMIT 2`);
  const [to, from] = periods.map((r) => String(r.p));
  let migration: Segments['migration'] = null;
  if (to && from) {
    const h = (start: string) => `(SELECT h.customer_id, h.segment FROM rfm_history h JOIN customers c ON c.tenant_id = h.tenant_id AND c.customer_id = h.customer_id
        WHERE h.tenant_id = ${t} AND h.period = '${period}' AND h.period_start = DATE ${lit(start)} AND ${visible})`;
    const cells = await db.all(`SELECT b.segment AS from_segment, a.segment AS to_segment, count(*)::INTEGER AS customers
      FROM ${h(to)} a LEFT JOIN ${h(from)} b ON b.customer_id = a.customer_id GROUP BY ALL ORDER BY customers DESC, from_segment NULLS FIRST, to_segment`);
    migration = { from, to, cells: cells.map((c) => ({ from: (c.from_segment ?? null) as RfmSegment | null, to: c.to_segment as RfmSegment, customers: Number(c.customers) })) };
  }
  return {
    asOf,
    currency,
    excludedLines: await excludedLines(db, tenantId, currency, visible, asOf),
    period,
    customers: total,
    segments: segments.map((s) => ({ segment: s.segment as RfmSegment, customers: Number(s.customers), share: total ? Number(s.customers) / total : 0, monetary: round2(Number(s.monetary)) })),
    valueTiers: TIERS.map((tier) => {
      const r = tiers.get(tier);
      return { tier, customers: Number(r?.customers ?? 0), revenue: round2(Number(r?.revenue ?? 0)), profit: round2(Number(r?.profit ?? 0)), clv: round2(Number(r?.clv ?? 0)), value: round2(Number(r?.value ?? 0)) };
    }),
    // The derive scores lifetime values with BG/NBD: without a fit every tier's clv is 0, and the dashboard says why.
    clvUnavailable: total > 0 && !(await currentFits(db, tenantId)).bgnbd ? await lifetimeValueUnavailable(db, tenantId, 'bgnbd') : null,
    migration,
  };
}

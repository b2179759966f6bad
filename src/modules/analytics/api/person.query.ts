/** One customer's analytics: RFM now and over time, lifetime value, value tier, churn and preference signals, cross-sell. */
import { CLV_HORIZON_MONTHS, clvOf, summariesOf, tenantState, toModelSummaries } from '../derive/derive.ts';
import { currentFits, ensureFits } from '../derive/fits.ts';
import type { CountModel } from '../models/clv.model.ts';
import { crossSellSuggestions } from '../models/cross-sell.model.ts';
import type { RfmSegment } from '../models/rfm.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';
import type { PersonAnalytics, PersonAnalyticsQuery } from './analytics.schema.ts';
import { lifetimeValueUnavailable } from './clv-unavailable.ts';
import { excludedLines } from './currency.ts';
import { productNames, rulesOf } from './rules.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;

export async function personAnalytics(db: StoreConnection, tenantId: string, personId: string, asOf: string, query: PersonAnalyticsQuery, defaultRate: number, currency: string): Promise<Omit<PersonAnalytics, 'derivedAt'>> {
  const t = lit(tenantId);
  const p = lit(personId);
  const score = await db.one(`SELECT * FROM customer_scores WHERE tenant_id = ${t} AND customer_id = ${p}`);
  const history = await db.all(`SELECT CAST(period_start AS VARCHAR) AS period_start, recency_days, frequency, monetary, r, f, m, segment,
      lag(segment) OVER (ORDER BY period_start) AS previous_segment
    FROM rfm_history WHERE tenant_id = ${t} AND customer_id = ${p} AND period = '${query.period}' ORDER BY period_start`);
  const base: Omit<PersonAnalytics, 'derivedAt'> = { personId, asOf, currency, excludedLines: await excludedLines(db, tenantId, currency, `l.customer_id = ${p}`, asOf), period: query.period, orders: 0, rfm: null, history: [], clv: null, clvUnavailable: null, value: null, churn: [], preferences: [], crossSell: [] };
  base.history = history.map((h) => ({
    periodStart: String(h.period_start),
    recencyDays: Number(h.recency_days),
    frequency: Number(h.frequency),
    monetary: Number(h.monetary),
    r: Number(h.r),
    f: Number(h.f),
    m: Number(h.m),
    segment: h.segment as RfmSegment,
    previousSegment: (h.previous_segment ?? null) as RfmSegment | null,
    segmentChanged: h.previous_segment !== null && h.previous_segment !== h.segment,
  }));
  if (!score) return base;
  base.orders = Number(score.orders);
  base.rfm = { recencyDays: Number(score.recency_days), frequency: Number(score.frequency), monetary: Number(score.monetary), r: Number(score.r), f: Number(score.f), m: Number(score.m), segment: score.segment as RfmSegment };
  base.clv = await lifetimeValue(db, tenantId, personId, asOf, query, defaultRate, currency);
  if (!base.clv) base.clvUnavailable = await lifetimeValueUnavailable(db, tenantId, query.model);
  const clv = base.clv?.clv ?? Number(score.clv ?? 0);
  base.value = {
    tier: score.tier as 'high' | 'medium' | 'low' | 'negative',
    revenue: round2(Number(score.revenue)),
    discounts: round2(Number(score.discounts)),
    returns: round2(Number(score.returns)),
    commissions: round2(Number(score.commissions)),
    serviceCost: round2(Number(score.service_cost)),
    profit: round2(Number(score.profit)),
    clv: round2(clv),
    value: round2(Number(score.value)),
    cumulativeShare: Number(score.cumulative_share),
  };
  base.churn = JSON.parse(String(score.churn)) as PersonAnalytics['churn'];
  base.preferences = JSON.parse(String(score.preferences)) as PersonAnalytics['preferences'];
  base.crossSell = await crossSell(db, tenantId, personId);
  return base;
}

/**
 * Refits the count model the person page asks for when it is stale. Run it on the background connection (the
 * service does): a Pareto/NBD fit takes seconds, and on the main connection every other read would queue behind it.
 */
export async function prepareLifetimeFits(db: StoreConnection, tenantId: string, asOf: string, model: PersonAnalyticsQuery['model'], currency: string): Promise<void> {
  const state = await tenantState(db, tenantId);
  const lines = Number((await db.one(`SELECT count(*)::BIGINT AS n FROM order_lines WHERE tenant_id = ${lit(tenantId)}`))?.n ?? 0);
  await ensureFits(db, tenantId, async () => toModelSummaries(await summariesOf(db, tenantId, asOf, currency)), lines, state.lastRebuildAt, [model]);
}

async function lifetimeValue(db: StoreConnection, tenantId: string, personId: string, asOf: string, query: PersonAnalyticsQuery, defaultRate: number, currency: string): Promise<PersonAnalytics['clv']> {
  const [summary] = await summariesOf(db, tenantId, asOf, currency, personId);
  if (!summary) return null;
  // Only stored fits here: this runs on the main connection (prepareLifetimeFits has refitted on the other one).
  const fits = await currentFits(db, tenantId);
  const fit = query.model === 'bgnbd' ? fits.bgnbd : fits.pareto;
  if (!fit) return null;
  const model = (query.model === 'bgnbd' ? { kind: 'bgnbd', params: fit.params } : { kind: 'pareto', params: fit.params }) as CountModel;
  const discountRate = query.discountRate ?? defaultRate;
  const v = clvOf(model, fits, summary, discountRate);
  return {
    model: query.model,
    discountRate,
    horizonMonths: CLV_HORIZON_MONTHS,
    probabilityAlive: v.probabilityAlive,
    expectedPurchases90: v.expected90,
    expectedPurchases365: v.expected365,
    expectedSpend: round2(v.expectedSpend),
    clv: round2(v.clv),
    fittedAt: fit.fittedAt,
    params: { ...(fit.params as Record<string, number>), ...Object.fromEntries(Object.entries(fits.spend?.params ?? {}).map(([k, value]) => [`spend.${k}`, value])) },
  };
}

async function crossSell(db: StoreConnection, tenantId: string, personId: string): Promise<PersonAnalytics['crossSell']> {
  const owned = new Set((await db.all(`SELECT DISTINCT product_id FROM order_lines WHERE tenant_id = ${lit(tenantId)} AND customer_id = ${lit(personId)} AND product_id IS NOT NULL`)).map((r) => String(r.product_id)));
  const suggestions = crossSellSuggestions(await rulesOf(db, tenantId), owned, 5);
  const names = await productNames(db, tenantId);
  const ref = (id: string) => ({ productId: id, name: names.get(id) ?? id });
  return suggestions.map((s) => ({ ...ref(s.item), confidence: s.confidence, lift: s.lift, support: s.support, because: s.because.map(ref) }));
}

/**
 * Value tiers: high / medium / low / negative by long-term value contribution = realised profit (revenue − cost to
 * serve: discounts, returns, service cases, commissions) + expected future value (CLV). Configurable either by
 * cumulative contribution (the customers making the first 50 % of positive value are "high"…) or by fixed cut-offs.
 */

export type ValueTier = 'high' | 'medium' | 'low' | 'negative';
export type CostToServe = { discounts?: number; returns?: number; serviceCost?: number; commissions?: number };
export type ValueInput = { customerId: string; revenue: number; costs?: CostToServe; clv?: number };
export type TierConfig =
  | { method: 'contribution'; high: number; medium: number; clvWeight?: number }
  | { method: 'thresholds'; high: number; medium: number; clvWeight?: number };
export type TieredCustomer = { customerId: string; profit: number; clv: number; value: number; tier: ValueTier; cumulativeShare: number };

export const DEFAULT_TIERS: TierConfig = { method: 'contribution', high: 0.5, medium: 0.8, clvWeight: 1 };

export function profitOf(input: ValueInput): number {
  const c = input.costs ?? {};
  return input.revenue - (c.discounts ?? 0) - (c.returns ?? 0) - (c.serviceCost ?? 0) - (c.commissions ?? 0);
}

export function valueTiers(customers: readonly ValueInput[], config: TierConfig = DEFAULT_TIERS): TieredCustomer[] {
  if (config.method === 'contribution' && !(config.high > 0 && config.high < config.medium && config.medium <= 1)) {
    throw new RangeError(`contribution tiers need 0 < high < medium ≤ 1, got ${config.high} and ${config.medium}`);
  }
  if (config.method === 'thresholds' && !(config.high > config.medium && config.medium >= 0)) {
    throw new RangeError(`threshold tiers need high > medium ≥ 0, got ${config.high} and ${config.medium}`);
  }
  const weight = config.clvWeight ?? 1;
  const rows = customers.map((c) => {
    const profit = profitOf(c);
    const clv = c.clv ?? 0;
    return { customerId: c.customerId, profit, clv, value: profit + weight * clv };
  });
  // Ties by customer id, and the total summed in rank order: the same customers give the same shares to the last
  // bit whatever order they come in (a store's rows come in the order its threads produced them).
  const order = rows
    .map((_, i) => i)
    .sort((i, j) => {
      const a = rows[i] as { customerId: string; value: number };
      const b = rows[j] as { customerId: string; value: number };
      return b.value - a.value || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
    });
  let positiveTotal = 0;
  for (const i of order) positiveTotal += Math.max(0, (rows[i] as { value: number }).value);
  const out: TieredCustomer[] = new Array<TieredCustomer>(rows.length);
  let before = 0; // positive value of the customers ranked above
  for (const i of order) {
    const r = rows[i] as { customerId: string; profit: number; clv: number; value: number };
    const share = positiveTotal > 0 ? before / positiveTotal : 0;
    let tier: ValueTier;
    if (r.value < 0) tier = 'negative';
    else if (config.method === 'thresholds') tier = r.value >= config.high ? 'high' : r.value >= config.medium ? 'medium' : 'low';
    // A customer is "high" when the value ranked above them has not yet reached the high share.
    else tier = r.value > 0 && share < config.high ? 'high' : r.value > 0 && share < config.medium ? 'medium' : 'low';
    before += Math.max(0, r.value);
    out[i] = { ...r, tier, cumulativeShare: positiveTotal > 0 ? before / positiveTotal : 0 };
  }
  return out;
}

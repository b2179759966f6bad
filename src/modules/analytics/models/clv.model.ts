/**
 * Customer lifetime value: expected purchases from a count model (BG/NBD or Pareto/NBD) times expected spend
 * (Gamma-Gamma), discounted per step — the same construction as lifetimes' customer_lifetime_value.
 */
import { bgNbdExpectedPurchases, bgNbdProbabilityAlive, type BgNbdParams } from './bgnbd.model.ts';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './gamma-gamma.model.ts';
import { paretoNbdExpectedPurchases, paretoNbdProbabilityAlive, type ParetoNbdParams } from './pareto-nbd.model.ts';
import type { CustomerSummaries } from './summary.types.ts';

export type CountModel = { kind: 'bgnbd'; params: BgNbdParams } | { kind: 'pareto'; params: ParetoNbdParams };

export type ClvOptions = {
  /** Length of one discounting step in model periods (e.g. 30 days when the model is in days, ~4.35 in weeks). */
  stepLength: number;
  /** Number of steps in the horizon (12 monthly steps = one year). */
  steps: number;
  /** Discount rate per step (0.01 = 1 % a month). */
  discountRate: number;
};

export type CustomerValue = {
  probabilityAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
};

export function probabilityAlive(model: CountModel, x: number, tx: number, T: number): number {
  return model.kind === 'bgnbd'
    ? bgNbdProbabilityAlive(model.params, x, tx, T)
    : paretoNbdProbabilityAlive(model.params, x, tx, T);
}

export function expectedPurchases(model: CountModel, t: number, x: number, tx: number, T: number): number {
  return model.kind === 'bgnbd'
    ? bgNbdExpectedPurchases(model.params, t, x, tx, T)
    : paretoNbdExpectedPurchases(model.params, t, x, tx, T);
}

/** Discounted value of one customer over the horizon. */
export function customerLifetimeValue(
  model: CountModel,
  spend: GammaGammaParams | undefined,
  x: number,
  tx: number,
  T: number,
  meanSpend: number,
  options: ClvOptions,
): CustomerValue {
  if (!(options.discountRate > -1)) throw new RangeError(`discount rate must exceed −1, got ${options.discountRate}`);
  const expectedSpend = spend ? gammaGammaExpectedSpend(spend, x, meanSpend) : meanSpend;
  let clv = 0;
  let previous = 0;
  for (let k = 1; k <= options.steps; k++) {
    const cumulative = expectedPurchases(model, k * options.stepLength, x, tx, T);
    clv += ((cumulative - previous) * expectedSpend) / Math.pow(1 + options.discountRate, k);
    previous = cumulative;
  }
  return { probabilityAlive: probabilityAlive(model, x, tx, T), expectedPurchases: previous, expectedSpend, clv };
}

/** Values of every customer, in the order of the summaries. */
export function scoreCustomers(
  model: CountModel,
  spend: GammaGammaParams | undefined,
  s: CustomerSummaries,
  options: ClvOptions,
): CustomerValue[] {
  const out: CustomerValue[] = [];
  for (let i = 0; i < s.frequency.length; i++) {
    out.push(
      customerLifetimeValue(
        model,
        spend,
        s.frequency[i] as number,
        s.recency[i] as number,
        s.age[i] as number,
        s.monetary?.[i] ?? 0,
        options,
      ),
    );
  }
  return out;
}

export type SegmentValue = { segment: string; customers: number; totalClv: number; meanClv: number; meanProbabilityAlive: number; expectedPurchases: number };

/** Lifetime value per segment (RFM segment, value tier, region…): totals and means, largest total first. */
export function valueBySegment(rows: readonly (CustomerValue & { segment: string })[]): SegmentValue[] {
  const by = new Map<string, { customers: number; clv: number; alive: number; purchases: number }>();
  for (const row of rows) {
    const acc = by.get(row.segment) ?? { customers: 0, clv: 0, alive: 0, purchases: 0 };
    acc.customers += 1;
    acc.clv += row.clv;
    acc.alive += row.probabilityAlive;
    acc.purchases += row.expectedPurchases;
    by.set(row.segment, acc);
  }
  return [...by]
    .map(([segment, a]) => ({
      segment,
      customers: a.customers,
      totalClv: a.clv,
      meanClv: a.clv / a.customers,
      meanProbabilityAlive: a.alive / a.customers,
      expectedPurchases: a.purchases,
    }))
    .sort((x, y) => y.totalClv - x.totalClv);
}

import { describe, expect, it } from 'vitest';
import type { AssociationRule } from '../association-rules.model.ts';
import { churnSignals, pAliveSignal, rhythmSignal, segmentSignal } from '../churn.model.ts';
import { audienceForProduct, crossSellSuggestions } from '../cross-sell.model.ts';
import { jensenShannon, preferenceShift } from '../preference-shift.model.ts';
import { valueTiers } from '../value-tier.model.ts';

const DAY = 86_400_000;

describe('churn signals', () => {
  const every30 = [0, 30, 60, 90].map((d) => d * DAY);
  it('fires when recency exceeds twice the customer’s own median gap, and explains it', () => {
    const s = rhythmSignal(every30, 90 * DAY + 75 * DAY);
    expect(s).toMatchObject({ kind: 'rhythm', recencyDays: 75, typicalGapDays: 30, ratio: 2.5, purchases: 4 });
    expect(s?.message).toContain('2.5×');
    expect(rhythmSignal(every30, 90 * DAY + 55 * DAY)).toBeUndefined();
    expect(rhythmSignal([0, 30 * DAY], 400 * DAY)).toBeUndefined(); // two purchases: no rhythm yet
  });

  it('fires on a falling probability alive only when it ends low', () => {
    expect(pAliveSignal(0.9, 0.4)).toMatchObject({ kind: 'p-alive', drop: 0.5 });
    expect(pAliveSignal(0.9, 0.6)).toBeUndefined();
    expect(pAliveSignal(0.45, 0.4)).toBeUndefined();
  });

  it('fires on a migration down the segment ladder, not up', () => {
    expect(segmentSignal('Champions', 'At Risk')).toMatchObject({ kind: 'segment', steps: 7 });
    expect(segmentSignal('At Risk', 'Champions')).toBeUndefined();
    expect(churnSignals({ pAlive: { previous: 0.8, current: 0.3 }, segments: { previous: 'Loyal', current: 'Hibernating' } }).map((s) => s.kind)).toEqual([
      'p-alive',
      'segment',
    ]);
  });
});

describe('preference shift', () => {
  it('is 0 for the same mix, 1 for disjoint mixes', () => {
    expect(jensenShannon([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(1, 12);
  });

  it('reports the divergence and the share changes behind it', () => {
    const baseline = new Map([['tea', 8], ['coffee', 2]]);
    const recent = new Map([['tea', 2], ['coffee', 6], ['juice', 2]]);
    const shift = preferenceShift(baseline, recent);
    expect(shift.shifted).toBe(true);
    expect(shift.divergence).toBeGreaterThan(0.1);
    expect(shift.changes[0]).toMatchObject({ key: 'tea', baselineShare: 0.8, recentShare: 0.2 });
    expect(preferenceShift(new Map([['tea', 1]]), new Map([['coffee', 1]])).shifted).toBe(false); // too few events
  });
});

describe('value tiers', () => {
  const customers = [
    { customerId: 'a', revenue: 1000, clv: 500 },
    { customerId: 'b', revenue: 400, costs: { discounts: 50, returns: 50 }, clv: 200 },
    { customerId: 'c', revenue: 300, clv: 100 },
    { customerId: 'd', revenue: 100, clv: 50 },
    { customerId: 'e', revenue: 100, costs: { serviceCost: 400 }, clv: 20 },
  ];
  it('splits by cumulative contribution, negative value apart', () => {
    const tiers = Object.fromEntries(valueTiers(customers).map((t) => [t.customerId, t.tier]));
    // values 1500, 500, 400, 150, −280; positive total 2550: a alone passes 50 %, a+b 78 %, a+b+c 94 %.
    expect(tiers).toEqual({ a: 'high', b: 'medium', c: 'medium', d: 'low', e: 'negative' });
  });

  it('splits by fixed cut-offs when configured so', () => {
    const tiers = valueTiers(customers, { method: 'thresholds', high: 1000, medium: 300 }).map((t) => t.tier);
    expect(tiers).toEqual(['high', 'medium', 'medium', 'low', 'negative']);
    expect(() => valueTiers(customers, { method: 'contribution', high: 0.9, medium: 0.5 })).toThrow(RangeError);
  });
});

describe('cross-sell', () => {
  const rule = (antecedent: string[], consequent: string, confidence: number, lift: number): AssociationRule => ({
    antecedent, consequent, confidence, lift, count: 10, antecedentCount: 12, consequentCount: 50, support: 0.01,
  });
  const rules = [rule(['milk'], 'bread', 0.6, 1.5), rule(['milk', 'eggs'], 'bread', 0.9, 2), rule(['beer'], 'chips', 0.8, 3), rule(['milk'], 'soap', 0.7, 0.9)];

  it('suggests what the customer lacks, with the strongest rule they satisfy, and skips lift below 1', () => {
    const s = crossSellSuggestions(rules, new Set(['milk', 'eggs']));
    expect(s).toEqual([{ item: 'bread', confidence: 0.9, lift: 2, support: 0.01, because: ['milk', 'eggs'] }]);
    expect(crossSellSuggestions(rules, new Set(['milk', 'bread']))).toEqual([]);
  });

  it('finds who should hear about a product', () => {
    const customers = new Map<string, Set<string>>([
      ['u1', new Set(['milk'])],
      ['u2', new Set(['milk', 'eggs'])],
      ['u3', new Set(['milk', 'bread'])],
      ['u4', new Set(['beer'])],
    ]);
    expect(audienceForProduct(rules, customers, 'bread').map((m) => [m.customerId, m.confidence])).toEqual([
      ['u2', 0.9],
      ['u1', 0.6],
    ]);
  });
});

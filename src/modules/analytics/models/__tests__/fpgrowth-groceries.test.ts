import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { associationRules } from '../association-rules.model.ts';
import { fpGrowth } from '../fpgrowth.model.ts';
import { decimalFraction, meetsThreshold, minimumCount } from '../threshold.math.ts';
import { DATASETS } from './cdnow.fixture.ts';

// arules: apriori(Groceries, parameter = list(supp = 0.001, conf = 0.8)) — see datasets/groceries/PROVENANCE.md.
const baskets = readFileSync(`${DATASETS}groceries/groceries.csv`, 'utf8')
  .split(/\r?\n/)
  .filter((line) => line.length > 0)
  .map((line) => line.split(',').map((item) => item.trim()));

describe('FP-Growth on Groceries (9,835 baskets)', () => {
  const frequent = fpGrowth(baskets, { minSupport: 0.001 });
  const rules = associationRules(frequent, 0.8);

  it('admits counts from 10 (10/9835 ≥ 0.001 > 9/9835) and finds the 13,492 frequent itemsets of 157 items', () => {
    expect(frequent.minCount).toBe(10);
    expect(frequent.items).toHaveLength(157);
    expect(frequent.itemsets).toHaveLength(13_492);
  });

  it('gives the 410 rules, of lengths 3/4/5/6 = 29/229/140/12', () => {
    expect(rules).toHaveLength(410);
    const lengths = new Map<number, number>();
    for (const rule of rules) lengths.set(rule.antecedent.length + 1, (lengths.get(rule.antecedent.length + 1) ?? 0) + 1);
    expect(Object.fromEntries(lengths)).toEqual({ 3: 29, 4: 229, 5: 140, 6: 12 });
  });

  it('tops the list with {liquor, red/blush wine} => {bottled beer} at the published support, confidence and lift', () => {
    const top = rules[0];
    expect([...(top?.antecedent ?? [])].sort()).toEqual(['liquor', 'red/blush wine']);
    expect(top?.consequent).toBe('bottled beer');
    expect(top?.support).toBeCloseTo(0.001931876, 9);
    expect(top?.confidence).toBeCloseTo(0.9047619, 7);
    expect(top?.lift).toBeCloseTo(11.23527, 5);
  });

  it('gives every rule the support, confidence and lift its counts imply, all at or above the thresholds', () => {
    for (const rule of rules) {
      expect(rule.count).toBeGreaterThanOrEqual(10);
      expect(rule.count * 10).toBeGreaterThanOrEqual(rule.antecedentCount * 8);
      expect(rule.lift).toBeCloseTo((rule.confidence * baskets.length) / rule.consequentCount, 9);
    }
  });
});

describe('thresholds decided on integers', () => {
  it('keeps a confidence of exactly 4/5 at 0.8, which floating point can miss', () => {
    const eight = decimalFraction(0.8);
    expect(meetsThreshold(4, 5, eight)).toBe(true);
    expect(meetsThreshold(12, 15, eight)).toBe(true);
    expect(meetsThreshold(11, 15, eight)).toBe(false);
  });

  it('reads decimal and exponent forms exactly', () => {
    expect(decimalFraction(0.001)).toEqual({ num: 1n, den: 1000n });
    expect(decimalFraction(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(minimumCount(9835, decimalFraction(0.001))).toBe(10);
    expect(minimumCount(20_000, decimalFraction(0.02))).toBe(400);
    expect(() => decimalFraction(-1)).toThrow(RangeError);
  });

  it('mines tiny baskets by hand-countable support', () => {
    const tiny = [['a', 'b'], ['a', 'b', 'c'], ['a', 'c'], ['b', 'c'], ['a', 'b', 'c']];
    const frequent = fpGrowth(tiny, { minSupport: 0.4 });
    const asText = frequent.itemsets.map((s) => `${s.ranks.map((r) => frequent.items[r]).sort().join('')}:${s.count}`).sort();
    expect(asText).toEqual(['a:4', 'ab:3', 'abc:2', 'ac:3', 'b:4', 'bc:3', 'c:4']);
    const rules = associationRules(frequent, 0.75);
    expect(rules.map((r) => `${[...r.antecedent].sort().join('')}>${r.consequent}`).sort()).toEqual([
      'a>b', 'a>c', 'b>a', 'b>c', 'c>a', 'c>b',
    ]);
  });
});

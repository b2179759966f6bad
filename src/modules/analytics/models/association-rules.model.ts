/**
 * Association rules with one-item consequents (as arules' apriori reports them), support, confidence and lift,
 * with the confidence threshold decided on integer counts.
 */
import type { FrequentItemsets } from './fpgrowth.model.ts';
import { decimalFraction, meetsThreshold } from './threshold.math.ts';

export type AssociationRule = {
  antecedent: string[];
  consequent: string;
  /** Transactions holding antecedent ∪ consequent, and holding the antecedent. */
  count: number;
  antecedentCount: number;
  consequentCount: number;
  support: number;
  confidence: number;
  lift: number;
};

export function associationRules(frequent: FrequentItemsets, minConfidence: number): AssociationRule[] {
  const threshold = decimalFraction(minConfidence);
  const countOf = new Map<string, number>();
  for (const set of frequent.itemsets) countOf.set(set.ranks.join(','), set.count);
  const n = frequent.transactionCount;
  const rules: AssociationRule[] = [];
  for (const set of frequent.itemsets) {
    if (set.ranks.length < 2) continue;
    for (let k = 0; k < set.ranks.length; k++) {
      const consequentRank = set.ranks[k] as number;
      const antecedentRanks = set.ranks.filter((_, i) => i !== k);
      // Every subset of a frequent itemset is frequent, so both lookups succeed.
      const antecedentCount = countOf.get(antecedentRanks.join(',')) as number;
      if (!meetsThreshold(set.count, antecedentCount, threshold)) continue;
      const consequentCount = countOf.get(String(consequentRank)) as number;
      rules.push({
        antecedent: antecedentRanks.map((r) => frequent.items[r] as string),
        consequent: frequent.items[consequentRank] as string,
        count: set.count,
        antecedentCount,
        consequentCount,
        support: set.count / n,
        confidence: set.count / antecedentCount,
        lift: (set.count * n) / (antecedentCount * consequentCount),
      });
    }
  }
  return rules.sort(
    (a, b) =>
      b.lift - a.lift ||
      b.confidence - a.confidence ||
      b.count - a.count ||
      (a.antecedent.join(',') + a.consequent < b.antecedent.join(',') + b.consequent ? -1 : 1),
  );
}

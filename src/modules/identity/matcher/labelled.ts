/**
 * Teaching the model with reviewers' decisions. A pair decided 'same' shows which agreement levels matches have
 * (evidence on m); a pair decided 'different' shows which levels non-matches among *candidate* pairs have
 * (evidence on u). Each is blended with the unsupervised estimate as a Dirichlet update: the EM/random-pair
 * estimate counts as `mWeight` (`uWeight`) pseudo-pairs, each decision as one pair, so a handful of decisions
 * nudges the model and hundreds steer it. u gets a far larger weight by default: it is measured on 300,000
 * random pairs, while decided pairs are a biased sample (every one of them was similar enough to be proposed).
 * Pure: no I/O; the service stores the result per tenant.
 */
import type { ModelParams } from './model.types.ts';

export type LabelledPair = {
  same: boolean;
  /** comparison name → level label, as in a PairExplanation's fields. */
  levels: Readonly<Record<string, string>>;
};

export type LabelOptions = {
  /** Pseudo-pairs the unsupervised m estimate counts for (default 200). */
  mWeight?: number;
  /** Pseudo-pairs the random-pair u estimate counts for (default 50,000). */
  uWeight?: number;
};

export type LabelledModel = {
  params: ModelParams;
  same: number;
  different: number;
  /** Per comparison and level, the log2 Bayes factor before and after (levels that changed by ≥ 0.01 bit). */
  changes: Array<{ comparison: string; level: string; before: number; after: number }>;
};

const FLOOR = 1e-6;

function blend(prior: number[], counts: number[], weight: number): number[] {
  // Index 0 is the null level (missing value): not a probability, kept as it was.
  const priorMass = prior.slice(1).reduce((a, b) => a + b, 0) || 1;
  const total = counts.slice(1).reduce((a, b) => a + b, 0);
  if (total === 0) return prior.slice();
  return prior.map((p, level) => (level === 0 ? p : Math.max(FLOOR, (weight * (p / priorMass) + (counts[level] ?? 0)) / (weight + total))));
}

export function learnFromLabels(params: ModelParams, pairs: LabelledPair[], options: LabelOptions = {}): LabelledModel {
  const mWeight = options.mWeight ?? 200;
  const uWeight = options.uWeight ?? 50_000;
  const same = pairs.filter((p) => p.same);
  const different = pairs.filter((p) => !p.same);
  const changes: LabelledModel['changes'] = [];
  const comparisons = params.comparisons.map((c) => {
    const count = (group: LabelledPair[]) => {
      const counts = c.levels.map(() => 0);
      for (const pair of group) {
        const level = c.levels.indexOf(pair.levels[c.name] ?? '');
        if (level > 0) counts[level] = (counts[level] ?? 0) + 1;
      }
      return counts;
    };
    const m = blend(c.m, count(same), mWeight);
    const u = blend(c.u, count(different), uWeight);
    c.levels.forEach((level, k) => {
      if (k === 0) return;
      const before = Math.log2((c.m[k] ?? 1) / (c.u[k] ?? 1));
      const after = Math.log2((m[k] ?? 1) / (u[k] ?? 1));
      if (Math.abs(after - before) >= 0.01) changes.push({ comparison: c.name, level, before: round(before), after: round(after) });
    });
    return { ...c, m, u };
  });
  return { params: { ...params, comparisons }, same: same.length, different: different.length, changes };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

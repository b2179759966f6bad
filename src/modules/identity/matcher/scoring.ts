/**
 * Match weights: log2 Bayes factors per field (log2 m/u), with term-frequency adjustment where the column offers
 * one (log2 m/tf instead of log2 m/u: agreeing on 王伟 is worth less than agreeing on a rare name), a prior of
 * log2 λ/(1−λ), and vetoes. All weights are in bits, so explanations add up.
 */
import type { Column } from './columns/column.types.ts';
import type { ModelParams, ModelSpec, PairExplanation } from './model.types.ts';
import type { RecordStore } from './record-store.ts';

export type Scorer = {
  readonly priorWeight: number;
  /** Total weight (prior included) of a pair whose comparison vector is levels[offset…]. */
  weight(i: number, j: number, levels: Uint8Array, offset: number): number;
  /** Name of the comparison that vetoes this vector, or null. */
  veto(levels: Uint8Array, offset: number): string | null;
  /** Compares and scores any pair (also pairs that blocking never produced). */
  scorePair(i: number, j: number): { weight: number; vetoedBy: string | null };
  explain(i: number, j: number): PairExplanation;
};

export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

export function weightFromProbability(probability: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, probability));
  return Math.log2(p / (1 - p));
}

export function checkParams(spec: ModelSpec, store: RecordStore, params: ModelParams): void {
  store.columns.forEach((column, c) => {
    const learnt = params.comparisons[c];
    const name = spec.comparisons[c]?.name;
    if (!learnt || learnt.name !== name || learnt.levels.join() !== column.levels.join()) {
      throw new Error(`model parameters do not fit spec ${spec.name}: comparison ${name ?? c} differs`);
    }
  });
}

export function createScorer(store: RecordStore, params: ModelParams): Scorer {
  const spec = store.spec;
  checkParams(spec, store, params);
  const columns = store.columns;
  const width = columns.length;
  const mTable = params.comparisons.map((c) => c.m);
  const base = params.comparisons.map((c) => c.levels.map((_, level) => (level === 0 ? 0 : Math.log2((c.m[level] ?? 1) / (c.u[level] ?? 1)))));
  const vetoLevels = spec.comparisons.map((c, k) => new Set((c.veto ?? []).map((label) => columns[k]?.levels.indexOf(label) ?? -1)));
  const priorWeight = Math.log2(params.lambda / (1 - params.lambda));
  const required = (spec.requireOneOf ?? []).map((rule) => {
    const c = spec.comparisons.findIndex((comparison) => comparison.name === rule.comparison);
    const column = columns[c];
    if (!column) throw new Error(`requireOneOf: unknown comparison ${rule.comparison}`);
    return { c, levels: new Set(rule.levels.map((label) => column.levels.indexOf(label))) };
  });

  const fieldWeight = (c: number, level: number, i: number, j: number): number => {
    if (level === 0) return 0;
    const tf = (columns[c] as Column).termFrequency(i, j, level);
    if (tf > 0) return Math.log2(((mTable[c] as number[])[level] ?? 1) / tf);
    return (base[c] as number[])[level] ?? 0;
  };

  const weight = (i: number, j: number, levels: Uint8Array, offset: number): number => {
    let total = priorWeight;
    for (let c = 0; c < width; c++) total += fieldWeight(c, levels[offset + c] ?? 0, i, j);
    return total;
  };

  const veto = (levels: Uint8Array, offset: number): string | null => {
    for (let c = 0; c < width; c++) {
      if ((vetoLevels[c] as Set<number>).has(levels[offset + c] ?? 0)) return spec.comparisons[c]?.name ?? null;
    }
    if (required.length > 0 && !required.some((rule) => rule.levels.has(levels[offset + rule.c] ?? 0))) return 'no-personal-evidence';
    return null;
  };

  const scratch = new Uint8Array(width);
  const scorePair = (i: number, j: number) => {
    store.compare(i, j, scratch);
    return { weight: weight(i, j, scratch, 0), vetoedBy: veto(scratch, 0) };
  };

  const explain = (i: number, j: number): PairExplanation => {
    const levels = new Uint8Array(width);
    store.compare(i, j, levels);
    const fields = columns.map((column, c) => {
      const level = levels[c] ?? 0;
      const w = fieldWeight(c, level, i, j);
      return {
        comparison: spec.comparisons[c]?.name ?? String(c),
        level: column.levels[level] ?? String(level),
        weight: w,
        bayesFactor: 2 ** w,
        tfAdjustment: level === 0 ? 0 : w - ((base[c] as number[])[level] ?? 0),
        left: column.display(i),
        right: column.display(j),
      };
    });
    const totalWeight = priorWeight + fields.reduce((sum, f) => sum + f.weight, 0);
    return { left: i, right: j, priorWeight, totalWeight, probability: probabilityFromWeight(totalWeight), vetoedBy: veto(levels, 0), fields };
  };

  return { priorWeight, weight, veto, scorePair, explain };
}

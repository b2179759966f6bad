/**
 * Unsupervised Fellegi–Sunter training. u (how often non-matches agree at each level) comes from random pairs;
 * m (how often matches do) comes from EM over the candidate pairs, run once per blocking rule with the rule's
 * own comparisons left out (they agree by construction inside its blocks), then averaged — Splink's recipe.
 * Finally λ, the share of matches among candidate pairs, is re-estimated with m and u fixed.
 */
import type { CandidatePairs } from './blocking.ts';
import type { ModelParams, ModelSpec } from './model.types.ts';
import type { RecordStore } from './record-store.ts';

export type TrainingOptions = {
  /**
   * Random pairs drawn for u (default 300,000, or all pairs when there are fewer). Random pairs touch memory at
   * random: on a million records 1,000,000 of them cost ~5–10 s for the same u within sampling noise.
   */
  randomPairs?: number;
  seed?: number;
  maxIterations?: number;
};

/** Small, seedable PRNG: training must be reproducible run to run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function levelCounts(store: RecordStore): number[][] {
  return store.columns.map((column) => new Array<number>(column.levels.length).fill(0));
}

/** u per comparison and level, from random pairs (all pairs when the data is small). */
export function estimateU(store: RecordStore, options: TrainingOptions = {}): number[][] {
  const n = store.size;
  const counts = levelCounts(store);
  const vector = new Uint8Array(store.columns.length);
  const target = options.randomPairs ?? 300_000;
  const tally = (i: number, j: number) => {
    if (store.sameSource(i, j)) return;
    store.compare(i, j, vector);
    for (let c = 0; c < vector.length; c++) {
      const row = counts[c] as number[];
      const level = vector[c] ?? 0;
      row[level] = (row[level] ?? 0) + 1;
    }
  };
  if ((n * (n - 1)) / 2 <= target) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) tally(i, j);
  } else {
    const random = mulberry32(options.seed ?? 42);
    for (let k = 0; k < target; k++) {
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      if (i !== j) tally(i, j);
    }
  }
  // Half a count of smoothing: a level never seen among random pairs is rare, not impossible.
  return counts.map((row) => {
    const observed = row.slice(1).reduce((sum, value) => sum + value, 0);
    return row.map((value, level) => (level === 0 ? 1 : (value + 0.5) / (observed + 0.5 * (row.length - 1))));
  });
}

const PARTIAL_KEYS = new Set(['prefix2', 'prefix3', 'token1', 'digits', 'initial', 'year', 'month-day']);

type Pattern = { levels: Uint8Array; count: number };

/**
 * One pass over the candidate pairs: distinct comparison vectors, with how many pairs of each rule (bit r of
 * pairs.rules) show it. EM then runs on a few thousand patterns instead of millions of pairs.
 */
function aggregate(levels: Uint8Array, width: number, pairs: CandidatePairs, ruleCount: number): { vectors: Uint8Array[]; counts: Float64Array[]; all: Float64Array } {
  const byKey = new Map<number, number>();
  const vectors: Uint8Array[] = [];
  const perRule: number[][] = Array.from({ length: ruleCount }, () => []);
  const all: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    let key = 0;
    const offset = p * width;
    for (let c = 0; c < width; c++) key = key * 8 + (levels[offset + c] ?? 0);
    let k = byKey.get(key);
    if (k === undefined) {
      k = vectors.length;
      byKey.set(key, k);
      vectors.push(levels.slice(offset, offset + width));
      all.push(0);
      for (const row of perRule) row.push(0);
    }
    all[k] = (all[k] ?? 0) + 1;
    const mask = pairs.rules[p] ?? 0;
    for (let r = 0; r < ruleCount; r++) if (mask & (1 << r)) (perRule[r] as number[])[k] = ((perRule[r] as number[])[k] ?? 0) + 1;
  }
  return { vectors, counts: perRule.map((row) => Float64Array.from(row)), all: Float64Array.from(all) };
}

function patternsOf(vectors: Uint8Array[], counts: Float64Array, ignore: Set<number>): Pattern[] {
  const patterns: Pattern[] = [];
  vectors.forEach((vector, k) => {
    const count = counts[k] ?? 0;
    if (count === 0) return;
    const masked = vector.slice();
    for (const c of ignore) masked[c] = 0;
    patterns.push({ levels: masked, count });
  });
  return patterns;
}

function initialM(levelCount: number): number[] {
  // Most mass on the best level, geometric below it: EM then finds its own way.
  const raw = Array.from({ length: levelCount }, (_, level) => (level === 0 ? 0 : 2 ** -(level - 1)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((value, level) => (level === 0 ? 1 : value / sum));
}

function runEm(patterns: Pattern[], m: number[][], u: number[][], free: boolean[], lambda0: number, iterations: number): number {
  let lambda = lambda0;
  const width = m.length;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const mass = m.map((row) => new Array<number>(row.length).fill(0));
    let matched = 0;
    let total = 0;
    for (const pattern of patterns) {
      let logRatio = 0;
      for (let c = 0; c < width; c++) {
        const level = pattern.levels[c] ?? 0;
        if (level === 0) continue;
        logRatio += Math.log(((m[c] as number[])[level] ?? 1) / ((u[c] as number[])[level] ?? 1));
      }
      const odds = (lambda / (1 - lambda)) * Math.exp(Math.min(700, logRatio));
      const posterior = odds / (1 + odds);
      matched += posterior * pattern.count;
      total += pattern.count;
      for (let c = 0; c < width; c++) {
        const level = pattern.levels[c] ?? 0;
        if (level !== 0) (mass[c] as number[])[level] = ((mass[c] as number[])[level] ?? 0) + posterior * pattern.count;
      }
    }
    const next = Math.min(0.999, Math.max(1e-9, matched / Math.max(1, total)));
    for (let c = 0; c < width; c++) {
      if (!free[c]) continue;
      const row = mass[c] as number[];
      const sum = row.reduce((a, b) => a + b, 0);
      if (sum <= 0) continue;
      // A floor keeps a level EM never saw among matches from becoming an absolute veto.
      m[c] = row.map((value, level) => (level === 0 ? 1 : Math.max(1e-5, value / sum)));
    }
    const converged = Math.abs(next - lambda) < 1e-7;
    lambda = next;
    if (converged && iteration > 3) break;
  }
  return lambda;
}

/** All pairs that could be compared: n(n−1)/2, or only pairs across sources in linkage mode. */
export function totalPairs(store: RecordStore): number {
  if (!store.spec.linkOnlyField) return (store.size * (store.size - 1)) / 2;
  const bySource = new Map<number, number>();
  for (let i = 0; i < store.size; i++) bySource.set(store.source(i), (bySource.get(store.source(i)) ?? 0) + 1);
  let squares = 0;
  for (const count of bySource.values()) squares += count * count;
  return (store.size * store.size - squares) / 2;
}

/**
 * λ is the prior over ALL pairs, not over candidate pairs: u comes from random pairs, so only a global prior
 * makes the posterior calibrated (inside blocks non-matches look nothing like random pairs, and a λ fitted
 * there drifts towards 1). Pairs outside the blocks are taken as non-matches; λ is the fixed point of
 * λ = Σ posterior(candidate; λ) / total pairs.
 */
function estimateGlobalLambda(patterns: Pattern[], m: number[][], u: number[][], total: number): number {
  const ratios = patterns.map((pattern) => {
    let logRatio = 0;
    pattern.levels.forEach((level, c) => {
      if (level !== 0) logRatio += Math.log(((m[c] as number[])[level] ?? 1) / ((u[c] as number[])[level] ?? 1));
    });
    return Math.exp(Math.min(700, logRatio));
  });
  const candidates = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  let lambda = Math.min(0.5, candidates / Math.max(1, total));
  for (let iteration = 0; iteration < 200; iteration++) {
    const priorOdds = lambda / (1 - lambda);
    let expected = 0;
    patterns.forEach((pattern, k) => {
      const odds = priorOdds * (ratios[k] ?? 1);
      expected += (pattern.count * odds) / (1 + odds);
    });
    const next = Math.min(0.5, Math.max(1e-12, expected / Math.max(1, total)));
    if (Math.abs(next - lambda) <= lambda * 1e-6) return next;
    lambda = next;
  }
  return lambda;
}

/** Learns m, u and λ from the data itself (no labels). `levels` holds the comparison vectors of `pairs`. */
export function trainParams(
  store: RecordStore,
  spec: ModelSpec,
  pairs: CandidatePairs,
  levels: Uint8Array,
  options: TrainingOptions = {},
): ModelParams {
  const width = store.columns.length;
  const iterations = options.maxIterations ?? 40;
  const u = estimateU(store, options);
  const sums = store.columns.map((column) => new Array<number>(column.levels.length).fill(0));
  const runs = new Array<number>(width).fill(0);
  const aggregated = aggregate(levels, width, pairs, spec.blocking.length);
  spec.blocking.forEach((rule, r) => {
    const counts = aggregated.counts[r] as Float64Array;
    if (counts.reduce((sum, value) => sum + value, 0) < 10) return;
    // A comparison blocked on its full value agrees by construction inside the rule's blocks: EM must not see
    // it. One blocked on a fragment (a prefix, the digits) still varies and still informs.
    const ignore = new Set(
      rule.keys.filter((key) => !PARTIAL_KEYS.has(key.key)).map((key) => spec.comparisons.findIndex((c) => c.name === key.comparison)),
    );
    const free = spec.comparisons.map((_, c) => !ignore.has(c));
    const m = store.columns.map((column) => initialM(column.levels.length));
    runEm(patternsOf(aggregated.vectors, counts, ignore), m, u, free, 0.1, iterations);
    // EM may settle on the wrong class (the "matches" being pairs that merely share a block): a run in which
    // matches agree less often than random pairs on most compared fields is discarded.
    const sane = free.filter((isFree, c) => isFree && ((m[c] as number[])[1] ?? 0) > ((u[c] as number[])[1] ?? 0)).length;
    if (sane * 2 <= free.filter(Boolean).length) return;
    for (let c = 0; c < width; c++) {
      if (!free[c]) continue;
      runs[c] = (runs[c] ?? 0) + 1;
      (m[c] as number[]).forEach((value, level) => ((sums[c] as number[])[level] = ((sums[c] as number[])[level] ?? 0) + value));
    }
  });
  const m = store.columns.map((column, c) =>
    (runs[c] ?? 0) > 0 ? (sums[c] as number[]).map((value, level) => (level === 0 ? 1 : value / (runs[c] ?? 1))) : initialM(column.levels.length),
  );
  const lambda = estimateGlobalLambda(patternsOf(aggregated.vectors, aggregated.all, new Set()), m, u, totalPairs(store));

  return {
    version: 1,
    spec: spec.name,
    lambda,
    records: store.size,
    comparisons: store.columns.map((column, c) => ({
      name: spec.comparisons[c]?.name ?? String(c),
      levels: [...column.levels],
      m: m[c] as number[],
      u: u[c] as number[],
    })),
  };
}

/**
 * Clustering without chaining. Links are taken strongest first; two clusters merge only if no pair across them
 * is vetoed (e.g. two different full birth dates) and the pairs across them agree on average (mean match
 * probability ≥ coherence). One weak link between two 王伟 therefore cannot glue two families together, and a
 * household (same address and landline, different people) does not collapse into one customer.
 * Reviewers' decisions come first: a pair decided 'same' is linked before any scored link (unless that would put a
 * pair decided 'different' together), and two clusters holding a pair decided 'different' never merge.
 */
import { probabilityFromWeight } from './scoring.ts';

export type ClusterInput = {
  size: number;
  left: Int32Array;
  right: Int32Array;
  /** Total weight (bits) of each candidate pair. */
  weights: Float64Array;
  /** 1 where the pair is vetoed. */
  vetoed: Uint8Array;
  count: number;
  /** Minimum weight of a link. */
  thresholdWeight: number;
  /** Minimum mean probability across two clusters before they merge (default 0.5). */
  coherence?: number;
  /** Largest number of cross pairs checked before a merge; bigger merges are refused (default 2,500). */
  maxCrossPairs?: number;
  /** Scores a pair that blocking may not have produced. */
  scorePair: (i: number, j: number) => { weight: number; vetoedBy: string | null };
  /** Called for every link that merged two clusters. */
  onLink?: (i: number, j: number, weight: number) => void;
  /** Decided pairs (record indices): 'same' linked first, 'different' never in one cluster. */
  decisions?: { same: Array<readonly [number, number]>; different: Array<readonly [number, number]> };
};

export type Clustering = {
  /** Smallest record index of each record's cluster. */
  clusterOf: Int32Array;
  /** Probability of the strongest accepted link touching each record (0 for a record left alone). */
  probability: Float64Array;
  links: number;
  refusedMerges: number;
};

/** Edge indices with weight ≥ threshold, strongest first (one numeric typed-array sort, no comparator). */
function sortedEdges(input: ClusterInput): Int32Array {
  const keys: number[] = [];
  const scale = 2 ** 26;
  for (let p = 0; p < input.count; p++) {
    const w = input.weights[p] ?? -Infinity;
    if (w < input.thresholdWeight || input.vetoed[p] === 1) continue;
    // Quantised weight (1/1000 bit) in the high part, pair index in the low part.
    const quantised = Math.round(Math.min(500, Math.max(-500, w)) * 1000);
    keys.push((500_000 - quantised) * scale + p);
  }
  const sorted = Float64Array.from(keys).sort();
  const order = new Int32Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) order[k] = (sorted[k] ?? 0) % scale;
  return order;
}

export function clusterRecords(input: ClusterInput): Clustering {
  const n = input.size;
  const parent = new Int32Array(n);
  const next = new Int32Array(n).fill(-1); // members as linked lists
  const tail = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  const low = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    parent[i] = i;
    tail[i] = i;
    low[i] = i;
  }
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[x] !== root) {
      const up = parent[x] ?? root;
      parent[x] = root;
      x = up;
    }
    return root;
  };
  const probability = new Float64Array(n);
  const coherence = input.coherence ?? 0.5;
  const maxCross = input.maxCrossPairs ?? 2500;
  // Pair key lo·n + hi stays an exact integer in a double up to n ≈ 94 million records.
  const different = new Set((input.decisions?.different ?? []).map(([a, b]) => Math.min(a, b) * n + Math.max(a, b)));
  const decidedDifferent = (a: number, b: number) => different.size > 0 && different.has(Math.min(a, b) * n + Math.max(a, b));
  let links = 0;
  let refused = 0;
  /** Merges the clusters of i and j if allowed; `decided`: a reviewer said same (no coherence test). */
  const link = (i: number, j: number, weight: number, decided: boolean): void => {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) return;
    const sizeI = size[ri] ?? 1;
    const sizeJ = size[rj] ?? 1;
    if (sizeI * sizeJ === 1 && decidedDifferent(i, j)) {
      refused++;
      return;
    }
    if (sizeI * sizeJ > 1) {
      if (sizeI * sizeJ > maxCross) {
        refused++;
        return;
      }
      let sum = 0;
      let ok = true;
      for (let a = ri; a >= 0 && ok; a = next[a] ?? -1) {
        for (let b = rj; b >= 0; b = next[b] ?? -1) {
          if (decidedDifferent(a, b)) {
            ok = false;
            break;
          }
          if (decided) continue;
          const scored = a === i && b === j ? { weight, vetoedBy: null } : input.scorePair(a, b);
          if (scored.vetoedBy !== null) {
            ok = false;
            break;
          }
          sum += probabilityFromWeight(scored.weight);
        }
      }
      if (!ok || (!decided && sum / (sizeI * sizeJ) < coherence)) {
        refused++;
        return;
      }
    }
    // Union by size; the member list of the smaller cluster is appended to the larger.
    const [big, small] = sizeI >= sizeJ ? [ri, rj] : [rj, ri];
    parent[small] = big;
    next[tail[big] ?? big] = small;
    tail[big] = tail[small] ?? small;
    size[big] = sizeI + sizeJ;
    low[big] = Math.min(low[big] ?? big, low[small] ?? small);
    const pr = decided ? 1 : probabilityFromWeight(weight);
    if (pr > (probability[i] ?? 0)) probability[i] = pr;
    if (pr > (probability[j] ?? 0)) probability[j] = pr;
    links++;
    input.onLink?.(i, j, weight);
  };
  for (const [i, j] of input.decisions?.same ?? []) link(i, j, Infinity, true);
  for (const p of sortedEdges(input)) link(input.left[p] ?? 0, input.right[p] ?? 0, input.weights[p] ?? 0, false);
  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) clusterOf[i] = low[find(i)] ?? i;
  return { clusterOf, probability, links, refusedMerges: refused };
}

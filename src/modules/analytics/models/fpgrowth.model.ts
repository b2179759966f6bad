/**
 * FP-Growth (Han, Pei & Yin 2000) over integer counts. The FP-tree is built from transactions sorted
 * lexicographically by item rank, so each transaction shares its prefix with the previous one and no child
 * lookup tables are needed; the tree lives in flat typed arrays.
 */
import { decimalFraction, minimumCount } from './threshold.math.ts';

export type FrequentItemsets = {
  /** Item names, indexed by rank (rank 0 = most frequent). */
  items: string[];
  /** Each frequent itemset as ascending ranks, with its transaction count. */
  itemsets: { ranks: number[]; count: number }[];
  transactionCount: number;
  minCount: number;
};

export type FpGrowthOptions = { minSupport: number; maxLength?: number };

type Tree = { item: Int32Array; count: Float64Array; parent: Int32Array; header: Map<number, number[]> };

export function fpGrowth(transactions: readonly (readonly string[])[], options: FpGrowthOptions): FrequentItemsets {
  const transactionCount = transactions.length;
  const minCount = Math.max(1, minimumCount(transactionCount, decimalFraction(options.minSupport)));
  const maxLength = options.maxLength ?? Infinity;
  const counts = new Map<string, number>();
  for (const t of transactions) for (const item of new Set(t)) counts.set(item, (counts.get(item) ?? 0) + 1);
  // Most frequent first (ties by name) keeps the tree small and the output deterministic.
  const items = [...counts]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name]) => name);
  const rankOf = new Map(items.map((name, rank) => [name, rank]));
  const paths: number[][] = [];
  for (const t of transactions) {
    const ranks = [...new Set(t)].flatMap((item) => {
      const rank = rankOf.get(item);
      return rank === undefined ? [] : [rank];
    });
    if (ranks.length > 0) paths.push(ranks.sort((a, b) => a - b));
  }
  const itemsets: { ranks: number[]; count: number }[] = [];
  const tree = buildTree(paths, new Float64Array(paths.length).fill(1));
  mine(tree, [], minCount, maxLength, itemsets, { itemCount: items.length, counts: [] });
  return { items, itemsets, transactionCount, minCount };
}

function comparePaths(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

function buildTree(paths: number[][], weights: Float64Array): Tree {
  const order = paths.map((_, i) => i).sort((i, j) => comparePaths(paths[i] as number[], paths[j] as number[]));
  let size = 1;
  for (const p of paths) size += p.length;
  const item = new Int32Array(size).fill(-1);
  const count = new Float64Array(size);
  const parent = new Int32Array(size).fill(-1);
  const header = new Map<number, number[]>();
  let next = 1; // node 0 is the root
  const stack: number[] = []; // nodes of the previous path
  let previous: number[] = [];
  for (const index of order) {
    const path = paths[index] as number[];
    const w = weights[index] as number;
    let shared = 0;
    while (shared < path.length && shared < previous.length && path[shared] === previous[shared]) shared++;
    stack.length = shared;
    for (let k = 0; k < shared; k++) count[stack[k] as number]! += w;
    for (let k = shared; k < path.length; k++) {
      const node = next++;
      const rank = path[k] as number;
      item[node] = rank;
      count[node] = w;
      parent[node] = k === 0 ? 0 : (stack[k - 1] as number);
      stack.push(node);
      const list = header.get(rank);
      if (list) list.push(node);
      else header.set(rank, [node]);
    }
    previous = path;
  }
  return { item, count, parent, header };
}

/** Scratch count arrays, one per recursion depth, reused across calls (16k itemsets would mean 16k allocations). */
type Scratch = { itemCount: number; counts: Float64Array[] };

function mine(tree: Tree, prefix: number[], minCount: number, maxLength: number, out: { ranks: number[]; count: number }[], scratch: Scratch): void {
  const depth = prefix.length;
  let counts = scratch.counts[depth];
  if (!counts) {
    counts = new Float64Array(scratch.itemCount);
    scratch.counts[depth] = counts;
  }
  const { parent, item, count } = tree;
  for (const [rank, nodes] of tree.header) {
    let support = 0;
    for (const node of nodes) support += count[node] as number;
    if (support < minCount) continue;
    const itemset = [...prefix, rank];
    out.push({ ranks: [...itemset].sort((a, b) => a - b), count: support });
    if (itemset.length >= maxLength) continue;
    // Conditional pattern base, in two walks up the tree: count the items above this item's nodes, then keep
    // only the locally frequent ones — no intermediate path arrays for items that would be dropped.
    const touched: number[] = [];
    for (const node of nodes) {
      const w = count[node] as number;
      for (let p = parent[node] as number; p > 0; p = parent[p] as number) {
        const r = item[p] as number;
        if (counts[r] === 0) touched.push(r);
        counts[r] = (counts[r] as number) + w;
      }
    }
    const kept: number[][] = [];
    const keptWeights: number[] = [];
    for (const node of nodes) {
      const path: number[] = [];
      for (let p = parent[node] as number; p > 0; p = parent[p] as number) {
        const r = item[p] as number;
        if ((counts[r] as number) >= minCount) path.push(r);
      }
      if (path.length > 0) {
        kept.push(path.reverse());
        keptWeights.push(count[node] as number);
      }
    }
    for (const r of touched) counts[r] = 0;
    if (kept.length > 0) mine(buildTree(kept, Float64Array.from(keptWeights)), itemset, minCount, maxLength, out, scratch);
  }
}

/**
 * Pairwise precision, recall and F1 of a clustering against ground-truth entities, counted with integers
 * (pairs within groups by formula, never by enumeration). In linkage mode only pairs across sources count.
 */

export type PairwiseScores = {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
};

/** Pairs inside a group: all pairs, or only those across different sources. */
function groupPairs(sourceCounts: Map<number, number>): number {
  let total = 0;
  let squares = 0;
  for (const count of sourceCounts.values()) {
    total += count;
    squares += count * count;
  }
  // Source -1 means "no sources": deduplication, where every pair in the group counts.
  return sourceCounts.has(-1) ? (total * (total - 1)) / 2 : (total * total - squares) / 2;
}

function countPairs(keys: ArrayLike<string | number>, sources: ArrayLike<number> | null): number {
  const groups = new Map<string | number, Map<number, number>>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | number;
    let bySource = groups.get(key);
    if (!bySource) groups.set(key, (bySource = new Map()));
    const source = sources ? (sources[i] ?? 0) : -1;
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
  }
  let pairs = 0;
  for (const bySource of groups.values()) pairs += groupPairs(bySource);
  return pairs;
}

/**
 * predicted[i]: cluster of record i; truth[i]: entity of record i; sources[i] (optional): source of record i for
 * linkage scoring (only cross-source pairs count).
 */
export function pairwiseScores(
  predicted: ArrayLike<number>,
  truth: ArrayLike<string | number>,
  sources: ArrayLike<number> | null = null,
): PairwiseScores {
  const joint: string[] = [];
  for (let i = 0; i < predicted.length; i++) joint.push(`${predicted[i]}\u0001${truth[i]}`);
  const truePairs = countPairs(truth, sources);
  const predictedPairs = countPairs(predicted, sources);
  const correctPairs = countPairs(joint, sources);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

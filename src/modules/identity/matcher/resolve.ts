/**
 * The batch pipeline, with no I/O: records in a store → candidate pairs → comparison vectors → parameters
 * (learnt, or given) → weights → clusters. The CLI, the benchmarks and the tests all run this one function.
 */
import { generateCandidatePairs, type CandidatePairs } from './blocking.ts';
import { clusterRecords } from './clustering.ts';
import type { ModelParams, ModelSpec, PairExplanation, RawRecord } from './model.types.ts';
import { RecordStore } from './record-store.ts';
import { createScorer, weightFromProbability } from './scoring.ts';
import { trainParams, type TrainingOptions } from './training.ts';
import { rescalePrior } from './params-json.ts';

export type ResolveStage = 'compare' | 'train' | 'score' | 'cluster';

export type ResolveOptions = {
  /** Link threshold on the match probability (default 0.9). */
  threshold?: number;
  /** Mean probability two clusters must reach across before merging (default 0.5). */
  coherence?: number;
  /** Trained parameters to use instead of training on this data. */
  params?: ModelParams;
  training?: TrainingOptions;
  /** Receives an explanation for each link that joined two clusters. */
  onLink?: (explanation: PairExplanation) => void;
  /**
   * Uncertain pairs for a review queue: candidate pairs with probability ≥ reviewThreshold that did not end up in
   * one cluster (below the link threshold, vetoed, or refused as chaining), each with its explanation.
   */
  reviewThreshold?: number;
  onReview?: (explanation: PairExplanation) => void;
  onProgress?: (stage: ResolveStage, done: number, total: number) => void;
  /** Reviewers' decisions by record position: 'same' pairs are linked, 'different' pairs never end up together. */
  decisions?: { same: Array<readonly [number, number]>; different: Array<readonly [number, number]> };
};

export type ResolveResult = {
  clusterOf: Int32Array;
  probability: Float64Array;
  params: ModelParams;
  stats: {
    records: number;
    candidatePairs: number;
    links: number;
    refusedMerges: number;
    clusters: number;
    blocking: CandidatePairs['stats'];
  };
};

/** Loads records into a store sized for them. */
export function createRecordStore(spec: ModelSpec, records: Iterable<RawRecord>, capacity = 1024): RecordStore {
  const store = new RecordStore(spec, capacity);
  for (const record of records) store.add(record);
  return store;
}

export function resolveStore(store: RecordStore, options: ResolveOptions = {}): ResolveResult {
  const spec = store.spec;
  const progress = options.onProgress ?? (() => undefined);
  const pairs = generateCandidatePairs(store, spec);
  const width = store.columns.length;
  const levels = new Uint8Array(pairs.count * width);
  const step = 1 << 16;
  for (let p = 0; p < pairs.count; p++) {
    store.compare(pairs.left[p] ?? 0, pairs.right[p] ?? 0, levels, p * width);
    if ((p & (step - 1)) === 0) progress('compare', p, pairs.count);
  }
  progress('compare', pairs.count, pairs.count);
  progress('train', 0, 1);
  // Given parameters keep their m and u; their prior is rescaled to this data size.
  const params = options.params ? rescalePrior(options.params, store.size) : trainParams(store, spec, pairs, levels, options.training);
  progress('train', 1, 1);
  const scorer = createScorer(store, params);
  const weights = new Float64Array(pairs.count);
  const vetoed = new Uint8Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    const i = pairs.left[p] ?? 0;
    const j = pairs.right[p] ?? 0;
    weights[p] = scorer.weight(i, j, levels, p * width);
    vetoed[p] = scorer.veto(levels, p * width) === null ? 0 : 1;
    if ((p & (step - 1)) === 0) progress('score', p, pairs.count);
  }
  progress('score', pairs.count, pairs.count);
  const onLink = options.onLink;
  const clustering = clusterRecords({
    size: store.size,
    left: pairs.left,
    right: pairs.right,
    weights,
    vetoed,
    count: pairs.count,
    thresholdWeight: weightFromProbability(options.threshold ?? 0.9),
    coherence: options.coherence ?? 0.5,
    scorePair: scorer.scorePair,
    onLink: onLink ? (i, j) => onLink(scorer.explain(i, j)) : undefined,
    ...(options.decisions ? { decisions: options.decisions } : {}),
  });
  progress('cluster', 1, 1);
  const onReview = options.onReview;
  if (onReview && options.reviewThreshold !== undefined) {
    const reviewWeight = weightFromProbability(options.reviewThreshold);
    for (let p = 0; p < pairs.count; p++) {
      const i = pairs.left[p] ?? 0;
      const j = pairs.right[p] ?? 0;
      if ((weights[p] ?? -Infinity) >= reviewWeight && clustering.clusterOf[i] !== clustering.clusterOf[j]) onReview(scorer.explain(i, j));
    }
  }
  let clusters = 0;
  for (let i = 0; i < store.size; i++) if (clustering.clusterOf[i] === i) clusters++;
  return {
    clusterOf: clustering.clusterOf,
    probability: clustering.probability,
    params,
    stats: {
      records: store.size,
      candidatePairs: pairs.count,
      links: clustering.links,
      refusedMerges: clustering.refusedMerges,
      clusters,
      blocking: pairs.stats,
    },
  };
}

export function resolveRecords(spec: ModelSpec, records: RawRecord[], options: ResolveOptions = {}): ResolveResult {
  return resolveStore(createRecordStore(spec, records, records.length), options);
}

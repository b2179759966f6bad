/**
 * An incremental index for real-time matching: keep the existing records, and for each new one find its
 * candidates through the same blocking rules and score them with the same trained parameters as the batch run.
 * The server builds one per tenant (from trained params), calls score() before saving a person, then add().
 */
import { ruleKey, resolveRule, type ResolvedRule } from './blocking.ts';
import type { BlockKey } from './columns/column.types.ts';
import type { ModelParams, ModelSpec, PairExplanation, RawRecord } from './model.types.ts';
import { RecordStore } from './record-store.ts';
import { createScorer, probabilityFromWeight, type Scorer } from './scoring.ts';
import { DEFAULT_MAX_BLOCK_SIZE } from './blocking.ts';

export type ScoredCandidate = {
  /** Position of the existing record in the index (order of add()). */
  index: number;
  probability: number;
  weight: number;
  vetoedBy: string | null;
  explanation: PairExplanation;
};

export class IdentityIndex {
  private readonly store: RecordStore;
  private readonly scorer: Scorer;
  private readonly rules: ResolvedRule[];
  private readonly blocks: Array<Map<BlockKey, number[]>>;
  private readonly maxBlock: number;

  constructor(
    readonly spec: ModelSpec,
    readonly params: ModelParams,
  ) {
    this.store = new RecordStore(spec);
    this.scorer = createScorer(this.store, params);
    this.rules = spec.blocking.map((rule) => resolveRule(this.store, rule));
    this.blocks = spec.blocking.map(() => new Map());
    this.maxBlock = spec.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  }

  get size(): number {
    return this.store.size;
  }

  /** Adds a record; returns its index. */
  add(record: RawRecord): number {
    const index = this.store.add(record);
    this.rules.forEach((rule, r) => {
      const key = ruleKey(rule, index);
      if (key === null) return;
      const block = (this.blocks[r] as Map<BlockKey, number[]>).get(key);
      if (block) block.push(index);
      else (this.blocks[r] as Map<BlockKey, number[]>).set(key, [index]);
    });
    return index;
  }

  private candidatesOfLast(probe: number): number[] {
    const found = new Set<number>();
    this.rules.forEach((rule, r) => {
      const key = ruleKey(rule, probe);
      if (key === null) return;
      const block = (this.blocks[r] as Map<BlockKey, number[]>).get(key);
      // The batch run skips oversized blocks; here the most recent records of such a block are kept.
      if (block) for (const index of block.slice(-this.maxBlock)) if (!this.store.sameSource(index, probe)) found.add(index);
    });
    return [...found].sort((a, b) => a - b);
  }

  /** Indices of existing records that share a blocking key with this record. */
  candidates(record: RawRecord): number[] {
    const probe = this.store.add(record);
    try {
      return this.candidatesOfLast(probe);
    } finally {
      this.store.pop();
    }
  }

  /** Candidates scored against this record, best first (the record itself is not added). */
  score(record: RawRecord, minProbability = 0): ScoredCandidate[] {
    const probe = this.store.add(record);
    try {
      return this.candidatesOfLast(probe)
        .map((index) => {
          const explanation = this.scorer.explain(index, probe);
          return { index, probability: explanation.probability, weight: explanation.totalWeight, vetoedBy: explanation.vetoedBy, explanation };
        })
        .filter((candidate) => candidate.probability >= minProbability)
        .sort((a, b) => b.weight - a.weight);
    } finally {
      this.store.pop();
    }
  }

  /** Explains an existing pair. */
  explain(left: number, right: number): PairExplanation {
    return this.scorer.explain(left, right);
  }
}

export { probabilityFromWeight };

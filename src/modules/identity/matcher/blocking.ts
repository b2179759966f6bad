/**
 * Blocking: candidate pairs are the union over several rules of pairs that agree on the rule's keys — never all
 * pairs. Each pair is produced once: a rule skips a pair that an earlier rule already produced. Blocks larger
 * than maxBlockSize are skipped and counted (on a million Chinese records, "王伟 in 北京" alone would give
 * millions of pairs that the other rules cover better).
 */
import type { BlockKey, Column } from './columns/column.types.ts';
import { IntColumn } from './columns/column-storage.ts';
import type { BlockingRule, ModelSpec } from './model.types.ts';
import type { RecordStore } from './record-store.ts';

export type CandidatePairs = {
  left: Int32Array;
  right: Int32Array;
  /** Index of the rule that produced each pair. */
  rule: Uint8Array;
  /** Bit r set when rule r would produce the pair too (training needs every rule's full set of pairs). */
  rules: Uint32Array;
  count: number;
  stats: Array<{ rule: string; pairs: number; blocks: number; skippedBlocks: number; skippedRecords: number }>;
};

export const DEFAULT_MAX_BLOCK_SIZE = 300;

export type ResolvedRule = Array<{ column: Column; key: string }>;

export function resolveRule(store: RecordStore, rule: BlockingRule): ResolvedRule {
  return rule.keys.map((part) => {
    const index = store.spec.comparisons.findIndex((comparison) => comparison.name === part.comparison);
    const column = store.columns[index];
    if (!column) throw new Error(`blocking rule ${rule.name}: unknown comparison ${part.comparison}`);
    return { column, key: part.key };
  });
}

const SHIFT = 2 ** 26;

/**
 * The key of record i under a rule, or null when one of its parts is missing. One part: the column's key; two
 * small integer codes: one number (a · 2^26 + b); otherwise the parts joined into a string.
 */
export function ruleKey(rule: ResolvedRule, i: number): BlockKey | null {
  if (rule.length === 1) {
    const only = rule[0] as ResolvedRule[number];
    const value = only.column.blockKey(i, only.key);
    return value === '' ? null : value;
  }
  const values: BlockKey[] = [];
  for (const part of rule) {
    const value = part.column.blockKey(i, part.key);
    if (value === null || value === '') return null;
    values.push(value);
  }
  const [a, b] = values;
  if (values.length === 2 && typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a < SHIFT && b < SHIFT) return a * SHIFT + b;
  return values.join('\u0001');
}

/** Integer block code of every record under a rule (-1: no key). */
function ruleCodes(store: RecordStore, rule: BlockingRule): Int32Array {
  const codes = new Int32Array(store.size);
  const interned = new Map<BlockKey, number>();
  const resolved = resolveRule(store, rule);
  const only = resolved.length === 1 ? resolved[0] : undefined;
  if (only) {
    // A single interned code is already a dense block number: no map, no allocation.
    let dense = true;
    for (let i = 0; i < store.size && dense; i++) {
      const value = only.column.blockKey(i, only.key);
      if (value === null || value === '') codes[i] = -1;
      else if (typeof value === 'number' && value >= 0 && value < 4 * store.size + 1024) codes[i] = value;
      else dense = false;
    }
    if (dense) return codes;
  }
  for (let i = 0; i < store.size; i++) {
    const key = ruleKey(resolved, i);
    if (key === null) {
      codes[i] = -1;
      continue;
    }
    let code = interned.get(key);
    if (code === undefined) {
      code = interned.size;
      interned.set(key, code);
    }
    codes[i] = code;
  }
  return codes;
}

export function generateCandidatePairs(store: RecordStore, spec: ModelSpec): CandidatePairs {
  const maxBlock = spec.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const n = store.size;
  const left = new IntColumn(n * 4);
  const right = new IntColumn(n * 4);
  const ruleOf = new IntColumn(n * 4);
  const previous: Int32Array[] = [];
  const stats: CandidatePairs['stats'] = [];
  for (let r = 0; r < spec.blocking.length; r++) {
    const rule = spec.blocking[r] as BlockingRule;
    const codes = ruleCodes(store, rule);
    let blockCount = 0;
    for (let i = 0; i < n; i++) blockCount = Math.max(blockCount, (codes[i] ?? -1) + 1);
    // Counting sort of records by block code.
    const sizes = new Int32Array(blockCount + 1);
    for (let i = 0; i < n; i++) {
      const code = codes[i] ?? -1;
      if (code >= 0) sizes[code + 1] = (sizes[code + 1] ?? 0) + 1;
    }
    const starts = new Int32Array(blockCount + 1);
    for (let b = 0; b < blockCount; b++) starts[b + 1] = (starts[b] ?? 0) + (sizes[b + 1] ?? 0);
    const fill = starts.slice();
    const order = new Int32Array(starts[blockCount] ?? 0);
    for (let i = 0; i < n; i++) {
      const code = codes[i] ?? -1;
      if (code >= 0) {
        const slot = fill[code] ?? 0;
        order[slot] = i;
        fill[code] = slot + 1;
      }
    }
    const stat = { rule: rule.name, pairs: 0, blocks: 0, skippedBlocks: 0, skippedRecords: 0 };
    for (let b = 0; b < blockCount; b++) {
      const start = starts[b] ?? 0;
      const end = starts[b + 1] ?? 0;
      const size = end - start;
      if (size < 2) continue;
      if (size > maxBlock) {
        stat.skippedBlocks++;
        stat.skippedRecords += size;
        // Mark the block so later rules do not believe these pairs were produced here.
        for (let k = start; k < end; k++) codes[order[k] ?? 0] = -2;
        continue;
      }
      stat.blocks++;
      for (let x = start; x < end; x++) {
        const i = order[x] ?? 0;
        for (let y = x + 1; y < end; y++) {
          const j = order[y] ?? 0;
          if (store.sameSource(i, j)) continue;
          let seen = false;
          for (const earlier of previous) {
            const code = earlier[i] ?? -1;
            if (code >= 0 && code === earlier[j]) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          left.push(i);
          right.push(j);
          ruleOf.push(r);
          stat.pairs++;
        }
      }
    }
    previous.push(codes);
    stats.push(stat);
  }
  const rules = new Uint32Array(left.length);
  for (let p = 0; p < left.length; p++) {
    const i = left.data[p] ?? 0;
    const j = right.data[p] ?? 0;
    let mask = 0;
    previous.forEach((codes, r) => {
      const code = codes[i] ?? -1;
      if (code >= 0 && code === codes[j]) mask |= 1 << r;
    });
    rules[p] = mask | (1 << (ruleOf.data[p] ?? 0));
  }
  return {
    rules,
    left: left.data.subarray(0, left.length),
    right: right.data.subarray(0, right.length),
    rule: Uint8Array.from(ruleOf.data.subarray(0, ruleOf.length)),
    count: left.length,
    stats,
  };
}

import { describe, expect, it } from 'vitest';
import { chinesePersonDefaultParams } from '../chinese-person.params.ts';
import { IdentityIndex } from '../identity-index.ts';
import { learnFromLabels, type LabelledPair } from '../labelled.ts';
import type { ModelParams, RawRecord } from '../model.types.ts';
import { rescalePrior } from '../params-json.ts';
import { resolveRecords } from '../resolve.ts';
import { chinesePersonSpec } from '../specs.ts';

const params = rescalePrior(chinesePersonDefaultParams, 100_000);

/** Probability the model gives `incoming` being `existing` (the held-out pair: never among the labels). */
function probability(model: ModelParams, existing: RawRecord, incoming: RawRecord): number {
  const index = new IdentityIndex(chinesePersonSpec, model);
  index.add(existing);
  return index.score(incoming, 0)[0]?.probability ?? 0;
}

// Same name and birth date, two different mobiles: the pattern reviewers keep deciding on.
const pattern = { name: 'exact', phone: 'mobile-conflict', birth_date: 'exact' };
const heldOut: [RawRecord, RawRecord] = [
  { name: '欧阳娜', phone: '13911112222', birth_date: '1990-01-02' },
  { name: '欧阳娜', phone: '13933334444', birth_date: '1990-01-02' },
];
const decisions = (same: boolean, n: number): LabelledPair[] => Array.from({ length: n }, () => ({ same, levels: pattern }));

describe('learning from review decisions', () => {
  it('with no decisions changes nothing', () => {
    const learnt = learnFromLabels(params, []);
    expect(learnt.params).toEqual(params);
    expect(learnt.changes).toEqual([]);
  });

  it('after pairs decided same, a held-out pair of that pattern scores higher; the more decisions, the more', () => {
    const before = probability(params, ...heldOut);
    const after10 = learnFromLabels(params, decisions(true, 10));
    const after100 = learnFromLabels(params, decisions(true, 100));
    const p10 = probability(after10.params, ...heldOut);
    const p100 = probability(after100.params, ...heldOut);
    expect(p10).toBeGreaterThan(before);
    expect(p100).toBeGreaterThan(p10);
    const conflict = after100.changes.find((c) => c.comparison === 'phone' && c.level === 'mobile-conflict');
    expect(conflict && conflict.after > conflict.before).toBe(true);
    // m stays a distribution over the non-null levels.
    for (const c of after100.params.comparisons) expect(c.m.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it('after pairs decided different, a held-out pair of that pattern scores lower', () => {
    const before = probability(params, ...heldOut);
    const learnt = learnFromLabels(params, decisions(false, 50));
    expect(learnt.different).toBe(50);
    expect(probability(learnt.params, ...heldOut)).toBeLessThan(before);
    // A pair of another pattern (same mobile, no birth date) is hardly touched: labels teach what they show.
    const other: [RawRecord, RawRecord] = [{ name: '罗强', phone: '13755556666' }, { name: '罗强', phone: '13755556666' }];
    expect(Math.abs(probability(learnt.params, ...other) - probability(params, ...other))).toBeLessThan(0.01);
  });

  it('in clustering, a pair decided different never ends up together and a pair decided same always does', () => {
    const records: RawRecord[] = [
      { record_id: 'a', name: '张伟', phone: '13800138000', birth_date: '1985-06-15' },
      { record_id: 'b', name: '張偉', phone: '13800138000', birth_date: '1985-06-15' },
      { record_id: 'c', name: 'Wei Zhang', email: 'zw@example.cn' },
    ];
    const plain = resolveRecords(chinesePersonSpec, records, { params });
    expect(plain.clusterOf[1]).toBe(plain.clusterOf[0]);
    expect(plain.clusterOf[2]).not.toBe(plain.clusterOf[0]);
    const decided = resolveRecords(chinesePersonSpec, records, { params, decisions: { same: [[0, 2]], different: [[0, 1]] } });
    expect(decided.clusterOf[1]).not.toBe(decided.clusterOf[0]);
    expect(decided.clusterOf[2]).toBe(decided.clusterOf[0]);
    // A 'same' decision that would join a 'different' pair is refused.
    const conflicting = resolveRecords(chinesePersonSpec, records, { params, decisions: { same: [[0, 2], [1, 2]], different: [[0, 1]] } });
    expect(conflicting.clusterOf[1]).not.toBe(conflicting.clusterOf[0]);
  });
});

import { describe, expect, it } from 'vitest';
import { clusterRecords } from '../clustering.ts';
import { pairwiseScores } from '../evaluation.ts';
import { IdentityIndex } from '../identity-index.ts';
import type { RawRecord } from '../model.types.ts';
import { parseParams, rescalePrior, serialiseParams } from '../params-json.ts';
import { chinesePersonDefaultParams } from '../chinese-person.params.ts';
import { createRecordStore, resolveRecords } from '../resolve.ts';
import { createScorer, weightFromProbability } from '../scoring.ts';
import { chinesePersonSpec } from '../specs.ts';
import { generateChineseRecords } from '../../synth/chinese-records.synth.ts';

const synthetic = [...generateChineseRecords({ records: 6000, seed: 5 })];
const trained = resolveRecords(chinesePersonSpec, synthetic, { threshold: 0.9 });

describe('pairwise scores', () => {
  it('counts pairs with integers, and only cross-source pairs in linkage mode', () => {
    // truth: {0,1,2} {3}; predicted: {0,1} {2,3}
    const scores = pairwiseScores([0, 0, 2, 2], ['a', 'a', 'a', 'b']);
    expect(scores).toMatchObject({ truePairs: 3, predictedPairs: 2, correctPairs: 1 });
    expect(scores.f1).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3), 12);
    const linked = pairwiseScores([0, 0, 0, 3], ['a', 'a', 'a', 'b'], [0, 1, 1, 0]);
    expect(linked).toMatchObject({ truePairs: 2, predictedPairs: 2, correctPairs: 2, f1: 1 });
  });
});

describe('training', () => {
  it('learns without labels that agreement is likelier among matches than among random pairs', () => {
    for (const comparison of trained.params.comparisons) {
      expect(comparison.m[1] ?? 0, comparison.name).toBeGreaterThan(comparison.u[1] ?? 1);
    }
    expect(trained.params.lambda).toBeGreaterThan(0);
    expect(trained.params.lambda).toBeLessThan(0.01);
  });

  it('serialises parameters to JSON and reloads them to the same clustering', () => {
    const reloaded = parseParams(serialiseParams(trained.params));
    expect(reloaded).toEqual(trained.params);
    const again = resolveRecords(chinesePersonSpec, synthetic, { threshold: 0.9, params: reloaded });
    expect([...again.clusterOf]).toEqual([...trained.clusterOf]);
    expect(() => parseParams(JSON.stringify({ ...trained.params, lambda: 2 }))).toThrow();
  });

  it('reaches a sound F1 on synthetic Chinese records', () => {
    const scores = pairwiseScores(trained.clusterOf, synthetic.map((r) => r.entity_id));
    expect(scores.precision).toBeGreaterThan(0.98);
    expect(scores.f1).toBeGreaterThan(0.95);
  });
});

describe('default parameters', () => {
  it('fit the chinese-person spec and link a tiny file that EM could not learn from', () => {
    const tiny: RawRecord[] = [
      { name: '張偉', phone: '+86 138 0013 8000' },
      { name: 'Zhang Wei', phone: '13800138000' },
      { name: '李娜', phone: '13900139000' },
    ];
    const result = resolveRecords(chinesePersonSpec, tiny, { params: chinesePersonDefaultParams });
    expect([...result.clusterOf]).toEqual([0, 0, 2]);
    expect(parseParams(serialiseParams(chinesePersonDefaultParams))).toEqual(chinesePersonDefaultParams);
  });

  it('rescale the prior as 1/records', () => {
    const params = { ...trained.params, lambda: 1e-5, records: 200_000 };
    expect(rescalePrior(params, 2_000_000).lambda).toBeCloseTo(1e-6, 12);
    expect(rescalePrior(params, 3).lambda).toBe(0.1);
    expect(rescalePrior({ ...params, records: undefined }, 3).lambda).toBe(1e-5);
  });
});

describe('weights and explanations', () => {
  const people: RawRecord[] = [
    { name: '王伟', birth_date: '1980-01-01' }, { name: '王伟', birth_date: '1980-01-01' },
    { name: '欧阳娜娜', birth_date: '1980-01-01' }, { name: 'Nana Ouyang', birth_date: '1980-01-01' },
    ...Array.from({ length: 40 }, (_, k) => ({ name: '王伟', birth_date: `19${50 + k}-02-03` })),
  ];
  const store = createRecordStore(chinesePersonSpec, people);
  const scorer = createScorer(store, trained.params);

  it('counts a common name for less than a rare one (term-frequency adjustment)', () => {
    const common = scorer.explain(0, 1).fields.find((f) => f.comparison === 'name');
    const rare = scorer.explain(2, 3).fields.find((f) => f.comparison === 'name');
    expect(common?.level).toBe('exact');
    expect(rare?.level).toBe('pinyin');
    expect(common?.tfAdjustment ?? 0).toBeLessThan(0);
    expect(rare?.weight ?? 0).toBeGreaterThan((common?.weight ?? 0) + 3);
  });

  it('explains a pair field by field, and the weights add up to the total', () => {
    const explanation = scorer.explain(2, 3);
    const sum = explanation.priorWeight + explanation.fields.reduce((s, f) => s + f.weight, 0);
    expect(explanation.totalWeight).toBeCloseTo(sum, 10);
    expect(explanation.fields.map((f) => f.comparison)).toEqual(chinesePersonSpec.comparisons.map((c) => c.name));
    expect(explanation.fields.find((f) => f.comparison === 'phone')).toMatchObject({ level: 'null', weight: 0 });
  });

  it('vetoes two different birth dates, and a pair with only household evidence', () => {
    const household = createRecordStore(chinesePersonSpec, [
      { name: '李娜', birth_date: '1980-01-01', address: '北京市朝阳区建国路88号1栋101', phone: '010-62345678' },
      { name: '李娜', birth_date: '1990-06-15', address: '北京市朝阳区建国路88号1栋101', phone: '010-62345678' },
      { name: '张建国', address: '北京市朝阳区建国路88号1栋101', phone: '010-62345678' },
    ]);
    const s = createScorer(household, trained.params);
    expect(s.explain(0, 1).vetoedBy).toBe('birth_date');
    expect(s.explain(0, 2).vetoedBy).toBe('no-personal-evidence');
  });
});

describe('clustering', () => {
  it('does not chain two people through one record that looks like both', () => {
    // 0–1 strong, 1–2 strong, but 0 and 2 are vetoed (different birth dates): 2 must not join {0, 1}.
    const veto = new Set(['0-2']);
    const result = clusterRecords({
      size: 3,
      left: Int32Array.from([0, 1]),
      right: Int32Array.from([1, 2]),
      weights: Float64Array.from([20, 15]),
      vetoed: new Uint8Array(2),
      count: 2,
      thresholdWeight: weightFromProbability(0.9),
      scorePair: (i, j) => ({ weight: veto.has(`${Math.min(i, j)}-${Math.max(i, j)}`) ? -30 : 20, vetoedBy: veto.has(`${Math.min(i, j)}-${Math.max(i, j)}`) ? 'birth_date' : null }),
    });
    expect([...result.clusterOf]).toEqual([0, 0, 2]);
    expect(result.refusedMerges).toBe(1);
    expect(result.probability[2]).toBe(0);
  });

  it('refuses a merge whose cross pairs disagree on average, accepts a coherent one', () => {
    const run = (crossWeight: number) =>
      clusterRecords({
        size: 4,
        left: Int32Array.from([0, 2, 1]),
        right: Int32Array.from([1, 3, 2]),
        weights: Float64Array.from([30, 30, 10]),
        vetoed: new Uint8Array(3),
        count: 3,
        thresholdWeight: weightFromProbability(0.9),
        scorePair: () => ({ weight: crossWeight, vetoedBy: null }),
      });
    expect(new Set(run(-10).clusterOf).size).toBe(2);
    expect(new Set(run(10).clusterOf).size).toBe(1);
  });
});

describe('IdentityIndex (real-time matching)', () => {
  it('finds the existing duplicate of a new record, with the same score as the batch scorer', () => {
    const index = new IdentityIndex(chinesePersonSpec, trained.params);
    for (const record of synthetic) index.add(record);
    const probe = synthetic.findIndex((r, i) => synthetic.some((o, j) => j !== i && o.entity_id === r.entity_id && o.phone && o.phone === r.phone));
    const record = synthetic[probe] as RawRecord;
    const candidates = index.candidates(record);
    expect(candidates).toContain(probe);
    const best = index.score(record, 0.5);
    expect(best[0]?.index).toBeDefined();
    expect(best.every((c) => synthetic[c.index]?.entity_id === synthetic[probe]?.entity_id)).toBe(true);
    expect(index.size).toBe(synthetic.length);
    // Probing does not change the index.
    expect(index.candidates(record)).toEqual(candidates);
  });
});

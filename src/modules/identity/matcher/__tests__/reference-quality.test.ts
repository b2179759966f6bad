/**
 * Quality on the public reference data sets (../shared/datasets), pairwise against their ground truth. Floors are
 * set a little under the measured figures (bench/RESULTS.md) so that a real regression fails; FEBRL4 and FEBRL3
 * carry the floors the product promises (0.97 and 0.95).
 */
import { describe, expect, it } from 'vitest';
import { pairwiseScores } from '../evaluation.ts';
import { resolveRecords } from '../resolve.ts';
import { chinesePersonSpec, fakeSpec, febrlSpec, restaurantSpec } from '../specs.ts';
import type { ModelSpec } from '../model.types.ts';
import { generateChineseRecords } from '../../synth/chinese-records.synth.ts';
import {
  datasetsAvailable, loadFake1000, loadFebrl, loadFebrl4, loadRestaurants, loadRestaurantsLinkage, type ReferenceData,
} from './reference-datasets.ts';

function score(data: ReferenceData, spec: ModelSpec) {
  const result = resolveRecords(spec, data.records, { threshold: 0.9 });
  return pairwiseScores(result.clusterOf, data.truth, data.sources);
}

describe('reference data sets', () => {
  it('are present beside the repository', () => {
    expect(datasetsAvailable()).toBe(true);
  });

  it('FEBRL4 (two files, 5,000 true links): F1 ≥ 0.97', () => {
    const data = loadFebrl4();
    const scores = score(data, { ...febrlSpec, linkOnlyField: 'source' });
    expect(scores.truePairs).toBe(5000);
    expect(scores.f1).toBeGreaterThanOrEqual(0.97);
    expect(scores.f1).toBeGreaterThanOrEqual(0.995);
  });

  it('FEBRL3 (deduplication, Zipf duplicates): F1 ≥ 0.95', () => {
    const scores = score(loadFebrl(3), febrlSpec);
    expect(scores.truePairs).toBe(6538);
    expect(scores.f1).toBeGreaterThanOrEqual(0.95);
    expect(scores.f1).toBeGreaterThanOrEqual(0.99);
  });

  it('FEBRL1 and FEBRL2: F1 ≥ 0.99', () => {
    expect(score(loadFebrl(1), febrlSpec).f1).toBeGreaterThanOrEqual(0.99);
    expect(score(loadFebrl(2), febrlSpec).f1).toBeGreaterThanOrEqual(0.99);
  });

  it('Splink fake_1000 and the restaurants: honest floors under the measured figures', () => {
    expect(score(loadFake1000(), fakeSpec).f1).toBeGreaterThanOrEqual(0.9);
    expect(score(loadRestaurants(), restaurantSpec).f1).toBeGreaterThanOrEqual(0.86);
    const linkage = score(loadRestaurantsLinkage(), { ...restaurantSpec, linkOnlyField: 'source' });
    expect(linkage.truePairs).toBe(112);
    expect(linkage.f1).toBeGreaterThanOrEqual(0.92);
  });

  it('synthetic Chinese customers (20,000 records): F1 ≥ 0.96, above Splink’s ≈ 0.94', () => {
    const records = [...generateChineseRecords({ records: 20_000, seed: 2026 })];
    const result = resolveRecords(chinesePersonSpec, records, { threshold: 0.9 });
    const scores = pairwiseScores(result.clusterOf, records.map((r) => r.entity_id));
    expect(scores.precision).toBeGreaterThanOrEqual(0.99);
    expect(scores.f1).toBeGreaterThanOrEqual(0.96);
  });
});

/**
 * `npm run bench -- identity-quality [--synthetic N]` — pairwise precision/recall/F1 of the identity matcher on
 * the reference data sets and on N synthetic Chinese records (default 50,000), at threshold 0.9, beside a
 * same-run reference: exact matching (records equal on every compared field after trimming and lower-casing),
 * which is what a CRM without a matcher does. Peer figures (Splink) are quoted from PEERS.md.
 */
import { resolveRecords, pairwiseScores, chinesePersonSpec, febrlSpec, fakeSpec, restaurantSpec } from '../src/modules/identity/index.ts';
import type { ModelSpec, RawRecord } from '../src/modules/identity/index.ts';
import { generateChineseRecords } from '../src/modules/identity/synth/chinese-records.synth.ts';
import {
  loadFake1000, loadFebrl, loadFebrl4, loadRestaurants, loadRestaurantsLinkage, type ReferenceData,
} from '../src/modules/identity/matcher/__tests__/reference-datasets.ts';

function exactBaseline(data: ReferenceData, spec: ModelSpec): Int32Array {
  const fields = spec.comparisons.flatMap((c) => c.fields);
  const first = new Map<string, number>();
  const cluster = new Int32Array(data.records.length);
  data.records.forEach((record: RawRecord, i) => {
    const key = fields.map((f) => (record[f] ?? '').trim().toLowerCase()).join('\u0001');
    const seen = first.get(key);
    cluster[i] = seen ?? i;
    if (seen === undefined) first.set(key, i);
  });
  return cluster;
}

const pct = (x: number) => x.toFixed(4);

export async function run(args: string[]): Promise<void> {
  const k = args.indexOf('--synthetic');
  const syntheticCount = k >= 0 ? Number(args[k + 1]) : 50_000;
  const synthetic = [...generateChineseRecords({ records: syntheticCount, seed: 2026 })];
  const sets: Array<[ReferenceData, ModelSpec, string]> = [
    [loadFebrl4(), { ...febrlSpec, linkOnlyField: 'source' }, 'Splink 5: F1 0.995 (0.9999 with address fields)'],
    [loadFebrl(1), febrlSpec, ''],
    [loadFebrl(2), febrlSpec, ''],
    [loadFebrl(3), febrlSpec, ''],
    [loadFake1000(), fakeSpec, ''],
    [loadRestaurants(), restaurantSpec, ''],
    [loadRestaurantsLinkage(), { ...restaurantSpec, linkOnlyField: 'source' }, 'dedupe CI log: precision 1.0 at 0.5 (matching task; recall not quoted)'],
    [
      { name: `Chinese synthetic (${syntheticCount} records, seed 2026)`, records: synthetic, truth: synthetic.map((r) => r.entity_id), sources: null },
      chinesePersonSpec,
      'Splink 5 on ~46k similar records: F1 ≈ 0.94',
    ],
  ];
  const lines = ['| data set | true pairs | precision | recall | F1 | exact-match F1 (same run) | time | peer |', '|---|---|---|---|---|---|---|---|'];
  for (const [data, spec, peer] of sets) {
    const started = performance.now();
    const result = resolveRecords(spec, data.records, { threshold: 0.9 });
    const seconds = (performance.now() - started) / 1000;
    const s = pairwiseScores(result.clusterOf, data.truth, data.sources);
    const baseline = pairwiseScores(exactBaseline(data, spec), data.truth, data.sources);
    const line = `| ${data.name} | ${s.truePairs} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${pct(baseline.f1)} | ${seconds.toFixed(1)} s | ${peer} |`;
    lines.push(line);
    process.stdout.write(`${line}\n`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

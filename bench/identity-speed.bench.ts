/**
 * `npm run bench -- identity-speed [--records N] | [--index N]` — the batch command on N synthetic Chinese records (default
 * 1,000,000), as a user runs it (`node bin/guanxi.js identity resolve`, a child process), with its wall time,
 * records/s and peak RSS; beside it, in the same run, the I/O floor: a child process that only parses the same CSV
 * and writes one output row per record. Quality of the same output against the generator's ground truth.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chinesePersonSpec, generateChineseRecords, IdentityIndex, pairwiseScores, resolveRecords } from '../src/modules/identity/index.ts';

/** Real-time path: an IdentityIndex of n records (params trained on them), then score() for 1,000 new records. */
function indexLatency(n: number): string {
  const records = [...generateChineseRecords({ records: n + 1000, seed: 77 })];
  // Every k-th record is held out as a "new" record; most of their people already have records in the index.
  const step = Math.floor(records.length / 1000);
  const probes = records.filter((_, i) => i % step === 0).slice(0, 1000);
  const existing = records.filter((_, i) => i % step !== 0 || i / step >= 1000);
  const params = resolveRecords(chinesePersonSpec, existing).params;
  const buildStart = performance.now();
  const index = new IdentityIndex(chinesePersonSpec, params);
  for (const record of existing) index.add(record);
  const build = (performance.now() - buildStart) / 1000;
  const times: number[] = [];
  let found = 0;
  let right = 0;
  for (const probe of probes) {
    const started = performance.now();
    const best = index.score(probe, 0.9)[0];
    times.push(performance.now() - started);
    if (best) {
      found++;
      if (existing[best.index]?.entity_id === probe.entity_id) right++;
    }
  }
  const entities = new Set(existing.map((r) => r.entity_id));
  const present = probes.filter((probe) => entities.has(probe.entity_id)).length;
  times.sort((a, b) => a - b);
  const q = (f: number) => (times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? 0).toFixed(2);
  return `IdentityIndex of ${n} records: built in ${build.toFixed(1)} s; score() of a new record p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms (1,000 probes; ${present} have a record in the index, ${found} matched at p ≥ 0.9, ${right} of them to the right person)\n`;
}

const root = resolve(import.meta.dirname, '..');

function timed(argv: string[]): { seconds: number; stderr: string; peakMiB: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${argv.join(' ')} failed: ${child.stderr}`);
  const peak = /peak RSS (\d+) MiB/.exec(child.stderr)?.[1];
  return { seconds, stderr: child.stderr, peakMiB: peak ? Number(peak) : Number.NaN };
}

const IO_FLOOR = `
import { createReadStream, createWriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
const [input, output] = process.argv.slice(-2);
const out = createWriteStream(output);
let chunk = [];
for await (const row of createReadStream(input).pipe(parse({ bom: true }))) {
  chunk.push([row[0], row[0], '0']);
  if (chunk.length === 10000) { if (!out.write(stringify(chunk))) await new Promise((r) => out.once('drain', r)); chunk = []; }
}
out.end(stringify(chunk));
process.stderr.write('peak RSS ' + Math.round(process.resourceUsage().maxRSS / 1024) + ' MiB\\n');
`;

export async function run(args: string[]): Promise<void> {
  const k = args.indexOf('--records');
  const records = k >= 0 ? Number(args[k + 1]) : 1_000_000;
  const x = args.indexOf('--index');
  if (x >= 0) {
    process.stdout.write(indexLatency(Number(args[x + 1] ?? 200_000)));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'guanxi-identity-'));
  try {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    const synth = timed(['bin/guanxi.js', 'identity', 'synth', '--count', String(records), '--output', input, '--seed', '2026']);
    process.stdout.write(`generated ${records} records in ${synth.seconds.toFixed(1)} s\n`);
    const floor = timed(['--input-type=module', '-e', IO_FLOOR, input, join(dir, 'floor.csv')]);
    process.stdout.write(`I/O floor (parse + write only): ${floor.seconds.toFixed(1)} s, peak RSS ${floor.peakMiB} MiB\n`);
    const resolveRun = timed(['bin/guanxi.js', 'identity', 'resolve', '--input', input, '--output', output]);
    const summary = resolveRun.stderr.trim().split('\n').pop() ?? '';
    process.stdout.write(`${summary}\n`);
    const rows = parse(readFileSync(output, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const index = new Map(rows.map((row, i) => [row.record_id ?? '', i]));
    const scores = pairwiseScores(rows.map((row) => index.get(row.cluster_id ?? '') ?? -1), rows.map((row) => row.entity_id ?? ''));
    process.stdout.write(
      `| records | resolve wall time | records/s | peak RSS | I/O floor (same run) | ratio | precision | recall | F1 |\n|---|---|---|---|---|---|---|---|---|\n` +
        `| ${records} | ${resolveRun.seconds.toFixed(1)} s | ${Math.round(records / resolveRun.seconds)} | ${resolveRun.peakMiB} MiB | ` +
        `${floor.seconds.toFixed(1)} s | ${(resolveRun.seconds / floor.seconds).toFixed(1)}× | ${scores.precision.toFixed(4)} | ${scores.recall.toFixed(4)} | ${scores.f1.toFixed(4)} |\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

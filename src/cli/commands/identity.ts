/**
 * `guanxi identity resolve|synth` — database-free identity resolution over CSV files, and the synthetic Chinese
 * record generator that feeds the benchmarks. Progress is drawn on stderr; malformed input is refused with the
 * file, line and column.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { parse, CsvError } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import {
  chinesePersonDefaultParams,
  chinesePersonSpec,
  generateChineseRecords,
  parseParams,
  RecordStore,
  resolveStore,
  serialiseParams,
  type PairExplanation,
  type ResolveStage,
} from '../../modules/identity/index.ts';

/** Below this many records the data cannot teach EM much; default parameters are used. */
const SMALL_INPUT = 2000;

const INPUT_COLUMNS = ['record_id', 'name', 'phone', 'email', 'address', 'birth_date', 'company'] as const;

function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) {
    throw new InvalidArgumentError(`expected a probability strictly between 0 and 1, got "${value}"`);
  }
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

type Bar = { stage(name: string, total: number): void; update(done: number): void; stop(): void };

/** One bar per stage on a terminal; plain stage lines otherwise (logs, CI). */
function progressBar(): Bar {
  if (!process.stderr.isTTY) {
    const start = Date.now();
    const stamp = () => `${((Date.now() - start) / 1000).toFixed(1)} s`;
    return { stage: (name) => process.stderr.write(`identity: ${stamp()} ${name}…\n`), update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{stage} [{bar}] {percentage}% {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    stage(name, total) {
      if (running) bar.stop();
      bar.start(total, 0, { stage: name.padEnd(8) });
      running = true;
    },
    update: (done) => bar.update(done),
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

export class InputError extends Error {}

/** extras[c][i]: extra column c of record i (column-wise: one array per column, not one per row). */
type Loaded = { store: RecordStore; ids: string[]; extraHeaders: string[]; extras: string[][] };

async function loadInput(path: string, bar: Bar): Promise<Loaded> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(`${path}: cannot read the input file`);
  }
  const store = new RecordStore(chinesePersonSpec, 1 << 16);
  const ids: string[] = [];
  const extras: string[][] = [];
  const seen = new Map<string, number>();
  let header: string[] = [];
  const row: Record<string, string> = {};
  let extraIdx: number[] = [];
  let extraHeaders: string[] = [];
  bar.stage('read', size);
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: false, skip_empty_lines: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      if (header.length === 0) {
        header = record.map((h) => h.trim());
        const missing = INPUT_COLUMNS.filter((column) => !header.includes(column));
        if (!header.includes('record_id')) throw new InputError(`${path}:${info.lines}: header has no "record_id" column (found: ${header.join(',')})`);
        if (missing.length > 0) process.stderr.write(`identity: ${path}: no column(s) ${missing.join(', ')}; treated as empty\n`);
        extraIdx = header.map((h, k) => ((INPUT_COLUMNS as readonly string[]).includes(h) ? -1 : k)).filter((k) => k >= 0);
        extraHeaders = extraIdx.map((k) => header[k] ?? '');
        for (const _ of extraIdx) extras.push([]);
        continue;
      }
      // One row object for the whole file: the store copies what it keeps, and a million objects less is a
      // million objects the garbage collector never sees.
      for (let k = 0; k < header.length; k++) row[header[k] ?? ''] = record[k] ?? '';
      const id = (row.record_id ?? '').trim();
      if (!id) throw new InputError(`${path}:${info.lines}: column record_id is empty`);
      const first = seen.get(id);
      if (first !== undefined) throw new InputError(`${path}:${info.lines}: column record_id: "${id}" already used on line ${first}`);
      seen.set(id, info.lines);
      store.add(row);
      ids.push(id);
      for (let c = 0; c < extraIdx.length; c++) extras[c]?.push(record[extraIdx[c] ?? 0] ?? '');
      if ((ids.length & 0x3fff) === 0) bar.update(info.bytes);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError(`${path}:${line ?? '?'}: malformed CSV (${error.code}): ${error.message}`);
    }
    throw error;
  }
  bar.update(size);
  if (header.length === 0) throw new InputError(`${path}:1: the file is empty (expected a header with record_id)`);
  return { store, ids, extraHeaders, extras };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function closeStream(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

type ResolveFlags = {
  input: string;
  output: string;
  threshold: number;
  explain?: string;
  review?: string;
  reviewThreshold: number;
  params?: string;
  saveParams?: string;
};

/** JSON lines written through a descriptor in ~1 MB batches (links arrive synchronously, by the hundred thousand). */
function jsonLines(path: string | undefined): { write(line: string): void; close(): void } | null {
  if (!path) return null;
  const fd = openSync(path, 'w');
  let pending = '';
  return {
    write(line) {
      pending += `${line}\n`;
      if (pending.length > 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    },
    close() {
      writeSync(fd, pending);
      closeSync(fd);
    },
  };
}

async function resolveCommand(flags: ResolveFlags): Promise<void> {
  const started = Date.now();
  const bar = progressBar();
  const { store, ids, extraHeaders, extras } = await loadInput(flags.input, bar);
  // EM needs enough pairs to learn from; a small file is scored with the shipped default parameters instead.
  const useDefaults = flags.params === 'default' || (!flags.params && ids.length < SMALL_INPUT);
  if (useDefaults && flags.params !== 'default') {
    process.stderr.write(`identity: ${ids.length} records (< ${SMALL_INPUT}): using the default parameters (--params FILE to override)\n`);
  }
  const params = useDefaults ? chinesePersonDefaultParams : flags.params ? parseParams(readFileSync(flags.params, 'utf8')) : undefined;
  const links = jsonLines(flags.explain);
  const review = jsonLines(flags.review);
  const named = (e: PairExplanation) =>
    JSON.stringify({ ...e, left: ids[e.left], right: ids[e.right], probability: Number(e.probability.toFixed(6)) });
  let stage: ResolveStage | null = null;
  const result = resolveStore(store, {
    threshold: flags.threshold,
    params,
    onLink: links ? (e) => links.write(named(e)) : undefined,
    reviewThreshold: flags.reviewThreshold,
    onReview: review ? (e) => review.write(named(e)) : undefined,
    onProgress: (next, done, total) => {
      if (next !== stage) {
        stage = next;
        bar.stage(next, total);
      }
      bar.update(done);
    },
  });
  bar.stage('write', ids.length);
  const out = createWriteStream(flags.output);
  await write(out, stringify([['record_id', 'cluster_id', 'match_probability', ...extraHeaders]]));
  const chunk: string[][] = [];
  for (let i = 0; i < ids.length; i++) {
    const p = result.probability[i] ?? 0;
    chunk.push([ids[i] ?? '', ids[result.clusterOf[i] ?? i] ?? '', p === 0 ? '0' : p.toFixed(6), ...extras.map((column) => column[i] ?? '')]);
    if (chunk.length === 10_000 || i === ids.length - 1) {
      await write(out, stringify(chunk));
      chunk.length = 0;
      bar.update(i + 1);
    }
  }
  await closeStream(out);
  links?.close();
  review?.close();
  if (flags.saveParams) writeFileSync(flags.saveParams, serialiseParams(result.params));
  bar.stop();
  const s = result.stats;
  process.stderr.write(
    `identity: ${s.records} records, ${s.candidatePairs} candidate pairs, ${s.links} links, ${s.clusters} clusters ` +
      `(${s.refusedMerges} merges refused) in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB → ${flags.output}\n`,
  );
}

async function synthCommand(flags: { count: number; output: string; seed: number }): Promise<void> {
  const out = createWriteStream(flags.output);
  const columns = ['record_id', 'name', 'phone', 'email', 'address', 'birth_date', 'company', 'entity_id', 'household_id'] as const;
  await write(out, stringify([[...columns]]));
  let chunk: string[][] = [];
  for (const record of generateChineseRecords({ records: flags.count, seed: flags.seed })) {
    chunk.push(columns.map((column) => record[column]));
    if (chunk.length === 10_000) {
      await write(out, stringify(chunk));
      chunk = [];
    }
  }
  await write(out, stringify(chunk));
  await closeStream(out);
  process.stderr.write(`identity: ${flags.count} synthetic records → ${flags.output}\n`);
}

export function registerIdentityCommands(program: Command): void {
  const identity = program.command('identity').description('identity resolution: which records are the same customer');
  identity
    .command('resolve')
    .description('cluster the records of a CSV file (record_id,name,phone,email,address,birth_date,company) into customers')
    .requiredOption('--input <file>', 'input CSV with a header; extra columns are kept')
    .requiredOption('--output <file>', 'output CSV: record_id,cluster_id,match_probability,…extra columns')
    .option('--threshold <p>', 'link when the match probability is at least p', probability, 0.9)
    .option('--explain <file>', 'write one JSON line per link: fields, levels and log2 weights')
    .option('--review <file>', 'write one JSON line per uncertain pair (for a review queue), with its explanation')
    .option('--review-threshold <p>', 'uncertain pairs start at this probability', probability, 0.5)
    .option('--params <file>', 'use trained parameters (JSON, or "default") instead of training on the input; inputs under 2,000 records use the defaults')
    .option('--save-params <file>', 'write the trained parameters (JSON)')
    .action(async (flags: ResolveFlags) => {
      try {
        await resolveCommand(flags);
      } catch (error) {
        if (error instanceof InputError) throw new Error(error.message);
        throw error;
      }
    });
  identity
    .command('synth')
    .description('generate synthetic Chinese customer records with ground truth (entity_id, household_id)')
    .requiredOption('--count <n>', 'number of records', positiveInteger)
    .requiredOption('--output <file>', 'output CSV')
    .option('--seed <n>', 'random seed', positiveInteger, 2026)
    .action(synthCommand);
}

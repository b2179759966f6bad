/**
 * Loaders for the public reference data in ../shared/datasets (resolved from the repository root), used by the
 * quality tests and the quality benchmark. Each returns records, ground-truth entity keys and, for linkage,
 * the source of each record.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RawRecord } from '../model.types.ts';

export type ReferenceData = { name: string; records: RawRecord[]; truth: string[]; sources: number[] | null };

export function datasetsRoot(): string {
  return resolve(process.cwd(), '..', 'shared', 'datasets');
}

export function datasetsAvailable(): boolean {
  return existsSync(join(datasetsRoot(), 'febrl', 'dataset1.csv'));
}

function readCsv(path: string): Array<Record<string, string>> {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, relax_quotes: true }) as Array<Record<string, string>>;
}

function febrlEntity(recId: string): string {
  return /^rec-(\d+)-/.exec(recId)?.[1] ?? recId;
}

export function loadFebrl(which: 1 | 2 | 3): ReferenceData {
  const rows = readCsv(join(datasetsRoot(), 'febrl', `dataset${which}.csv`));
  return { name: `FEBRL${which}`, records: rows, truth: rows.map((r) => febrlEntity(r.rec_id ?? '')), sources: null };
}

export function loadFebrl4(): ReferenceData {
  const a = readCsv(join(datasetsRoot(), 'febrl', 'dataset4a.csv')).map((r): Record<string, string> => ({ ...r, source: 'a' }));
  const b = readCsv(join(datasetsRoot(), 'febrl', 'dataset4b.csv')).map((r): Record<string, string> => ({ ...r, source: 'b' }));
  const records = [...a, ...b];
  return { name: 'FEBRL4', records, truth: records.map((r) => febrlEntity(r.rec_id ?? '')), sources: records.map((r) => (r.source === 'a' ? 0 : 1)) };
}

export function loadFake1000(): ReferenceData {
  const rows = readCsv(join(datasetsRoot(), 'splink-fake-1000', 'fake_1000.csv'));
  return { name: 'splink fake_1000', records: rows, truth: rows.map((r) => r.cluster ?? ''), sources: null };
}

/** dedupe's format: double-quoted values with a space after each comma, single-quoted ids. */
function readRestaurants(file: string): Array<Record<string, string>> {
  const rows = parse(readFileSync(join(datasetsRoot(), 'restaurant-fodors-zagat', file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    ltrim: true,
    rtrim: true,
  }) as Array<Record<string, string>>;
  return rows.map((row) => ({ ...row, unique_id: (row.unique_id ?? '').replace(/'/g, '') }));
}

export function loadRestaurants(): ReferenceData {
  const rows = readRestaurants('restaurant-nophone-training.csv');
  return { name: 'restaurants (dedup)', records: rows, truth: rows.map((r) => r.unique_id ?? ''), sources: null };
}

/** Two-file linkage: restaurant-1 (112) ↔ restaurant-2 (752); a shared unique_id is a true link. */
export function loadRestaurantsLinkage(): ReferenceData {
  const a = readRestaurants('restaurant-1.csv').map((r): Record<string, string> => ({ ...r, source: '1' }));
  const b = readRestaurants('restaurant-2.csv').map((r): Record<string, string> => ({ ...r, source: '2' }));
  const records = [...a, ...b];
  return { name: 'restaurants (linkage 1 ↔ 2)', records, truth: records.map((r) => r.unique_id ?? ''), sources: records.map((r) => (r.source === '1' ? 0 : 1)) };
}

/** Reads the CDNOW summaries shipped in ../shared/datasets/cdnow (see its PROVENANCE.md). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summariesFromRows, type CustomerSummaries } from '../summary.types.ts';

export const DATASETS = fileURLToPath(new URL('../../../../../../shared/datasets/', import.meta.url));

export function cdnowSummaries(): CustomerSummaries {
  const text = readFileSync(`${DATASETS}cdnow/cdnow_customers_summary_with_transactions.csv`, 'utf8');
  const rows = text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [, x, tx, T, zbar] = line.split(',').map(Number);
      return { frequency: x ?? NaN, recency: tx ?? NaN, age: T ?? NaN, monetary: zbar ?? NaN };
    });
  return summariesFromRows(rows);
}

/** |actual − expected| / |expected|. */
export const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

/** `n` CDNOW customers drawn without replacement by a seeded shuffle (a fixed seed gives the same customers). */
export function cdnowSubsample(n: number, seed: number): CustomerSummaries {
  const all = cdnowSummaries();
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const order = Array.from({ length: all.frequency.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const pick = order.slice(0, n);
  const column = (c: Float64Array) => Float64Array.from(pick.map((i) => c[i] as number));
  return { frequency: column(all.frequency), recency: column(all.recency), age: column(all.age), monetary: column(all.monetary ?? new Float64Array(all.frequency.length)) };
}

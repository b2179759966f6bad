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

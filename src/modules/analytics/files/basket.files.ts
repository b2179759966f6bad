/** Baskets for FP-Growth, from a Groceries-style file (one basket a line) or from order lines grouped by order. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { invalid } from '../../../kernel/index.ts';
import { sqlIdent, type DuckSession } from './duckdb.session.ts';

/** One basket a line, items separated by commas, no header, no quoting (the arules Groceries export). */
export function readBasketLines(path: string): string[][] {
  let text: string;
  try {
    const raw = readFileSync(path);
    text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch {
    throw invalid('ANALYTICS.INPUT_NOT_FOUND', `${path}: cannot read the file`, { path });
  }
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    // Groceries has "cream cheese " with a trailing space in every occurrence: trimming changes no result.
    .map((line) => line.split(',').map((item) => item.trim()).filter((item) => item.length > 0));
}

export type OrderLineColumns = { order: string; item: string; quantity?: string };

/** Distinct items per order; lines with quantity ≤ 0 (returns, cancellations) are dropped when a quantity is given. */
export async function readOrderBaskets(session: DuckSession, relation: string, c: OrderLineColumns): Promise<string[][]> {
  const filters = [`${sqlIdent(c.order)} IS NOT NULL`, `${sqlIdent(c.item)} IS NOT NULL`];
  if (c.quantity) filters.push(`${sqlIdent(c.quantity)} > 0`);
  const reader = await session.connection.runAndReadAll(
    `SELECT list(DISTINCT CAST(${sqlIdent(c.item)} AS VARCHAR)) FROM ${relation} WHERE ${filters.join(' AND ')} GROUP BY ${sqlIdent(c.order)}`,
  );
  return (reader.getColumnsJS()[0] ?? []).map((items) => (items as unknown[]).map(String));
}

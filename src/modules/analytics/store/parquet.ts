/**
 * Parquet export of the store's tables — what a bigger engine (Spark, Trino, a notebook) reads when one machine is
 * not enough. DuckDB writes Parquet itself (built in, no extension download).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lit, type StoreConnection } from './store.ts';

export const PARQUET_TABLES = ['order_lines', 'customers', 'costs', 'products'] as const;
export type ParquetTable = (typeof PARQUET_TABLES)[number];

/**
 * Writes one table (optionally one tenant's rows, optionally only rows whose customer passes `visible`, a predicate
 * over alias `c` of customers) to `file`; returns the row count.
 */
export async function writeParquet(db: StoreConnection, table: ParquetTable, file: string, filter: { tenantId?: string; visible?: string } = {}): Promise<number> {
  const where: string[] = [];
  if (filter.tenantId) where.push(`t.tenant_id = ${lit(filter.tenantId)}`);
  const join = filter.visible && table !== 'products' ? `JOIN customers c ON c.tenant_id = t.tenant_id AND c.customer_id = t.customer_id` : '';
  if (join) where.push(filter.visible as string);
  const select = `SELECT t.* FROM ${table} t ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const rows = Number((await db.one(`SELECT count(*)::BIGINT AS n FROM (${select})`))?.n ?? 0);
  await db.run(`COPY (${select}) TO ${lit(file)} (FORMAT PARQUET, COMPRESSION ZSTD)`);
  return rows;
}

/** Every table into `dir` as <table>.parquet (the CLI). */
export async function exportAll(db: StoreConnection, dir: string, tenantId?: string): Promise<{ table: string; file: string; rows: number }[]> {
  await mkdir(dir, { recursive: true });
  const out = [];
  for (const table of PARQUET_TABLES) {
    const file = join(dir, `${table}.parquet`);
    out.push({ table, file, rows: await writeParquet(db, table, file, tenantId ? { tenantId } : {}) });
  }
  return out;
}

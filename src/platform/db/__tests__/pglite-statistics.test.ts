import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database.ts';
import { analyseGrownTables, startStatisticsKeeper } from '../pglite-statistics.ts';

// The keeper stands in for autovacuum on the embedded database only, so this runs on PGlite whatever the suite's engine.
let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite-memory' });
});
afterAll(async () => database.close());

async function recordedRows(db: Kysely<Record<never, never>>, table: string): Promise<number> {
  const { rows } = await sql<{ tuples: number }>`SELECT reltuples::float8 AS tuples FROM pg_class WHERE relname = ${table}`.execute(db);
  return rows[0]?.tuples ?? Number.NaN;
}

async function addRows(db: Kysely<Record<never, never>>, table: string, from: number, to: number): Promise<void> {
  await sql.raw(`INSERT INTO ${table} SELECT g, repeat('x', 40) FROM generate_series(${from}, ${to}) g`).execute(db);
}

describe('PGlite statistics keeper', () => {
  it('analyses a table once it has grown, and leaves it alone until it grows again', async () => {
    const { db } = database;
    await sql`CREATE TABLE grows (id int PRIMARY KEY, note text)`.execute(db);
    await sql`CREATE TABLE stays_small (id int PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO stays_small VALUES (1), (2)`.execute(db);
    await addRows(db, 'grows', 1, 10_000);
    expect(await recordedRows(db, 'grows')).toBe(-1); // never analysed: the planner guesses

    expect(await analyseGrownTables(db)).toEqual(['grows']);
    expect(await recordedRows(db, 'grows')).toBe(10_000);
    expect(await analyseGrownTables(db)).toEqual([]);

    await addRows(db, 'grows', 10_001, 10_500); // +5 %: below the threshold
    expect(await analyseGrownTables(db)).toEqual([]);
    await addRows(db, 'grows', 10_501, 14_000); // +40 % in all
    expect(await analyseGrownTables(db)).toEqual(['grows']);
    expect(await recordedRows(db, 'grows')).toBe(14_000);
  });

  it('keeps analysing in the background until stopped', async () => {
    const { db } = database;
    await sql`CREATE TABLE grows_later (id int PRIMARY KEY, note text)`.execute(db);
    const errors: unknown[] = [];
    const stop = startStatisticsKeeper(db, 50, (error) => errors.push(error));
    try {
      await addRows(db, 'grows_later', 1, 8_000);
      await expect.poll(() => recordedRows(db, 'grows_later'), { timeout: 10_000, interval: 50 }).toBe(8_000);
    } finally {
      await stop();
    }
    await addRows(db, 'grows_later', 8_001, 16_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await recordedRows(db, 'grows_later')).toBe(8_000); // stopped: no more passes
    expect(errors).toEqual([]);
  });
});

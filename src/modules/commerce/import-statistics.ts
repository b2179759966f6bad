/**
 * Keeping the planner's picture of orders current while an import grows them.
 *
 * Each foreign-key check of an order line runs a plan PostgreSQL caches for the whole session, made the first time
 * with the table statistics of that moment. The embedded database has no autovacuum, so orders is never analysed:
 * the cached check was a sequential scan of orders (right while the table was a few pages) and stayed one as it
 * grew — at 12,000 orders an 800-line batch spent 3.3 s in the check (800 scans), 6.9 ms after an ANALYZE. ANALYZE
 * also invalidates the cached plans, so the next check is planned again (as an index probe of the primary key).
 * Analysing whenever the tables have grown by a quarter keeps every plan within 25 % of the size it was made for,
 * at a handful of ANALYZE runs per import (each samples at most 30,000 rows, whatever the table's size).
 */
import { sql } from 'kysely';
import type { CommerceDb } from './commerce.deps.ts';

const GROWTH = 0.25;
const MIN_ORDERS = 200; // below this, a sequential scan is as good as the index

export function createStatisticsKeeper(db: CommerceDb) {
  let known: number | undefined; // orders the statistics last counted (pg_class.reltuples; −1 = never analysed)
  let written = 0;

  /** Call after each committed batch with the orders it wrote; analyses when the tables have grown enough. */
  async function afterBatch(ordersWritten: number): Promise<void> {
    written += ordersWritten;
    if (known === undefined) {
      const { rows } = await sql<{ tuples: number }>`SELECT reltuples::float8 AS tuples FROM pg_class WHERE oid = 'orders'::regclass`.execute(db);
      known = Math.max(0, rows[0]?.tuples ?? 0);
    }
    if (written < Math.max(MIN_ORDERS, known * GROWTH)) return;
    await sql`ANALYZE orders, order_lines`.execute(db);
    known += written;
    written = 0;
  }

  return { afterBatch };
}

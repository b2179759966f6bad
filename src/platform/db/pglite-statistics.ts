/**
 * The embedded database's stand-in for autovacuum's ANALYZE.
 *
 * PGlite runs PostgreSQL without its background workers, so no table is ever analysed on its own. Plans made while a
 * table was small (a foreign-key check, a lookup by customer code) then stay sequential scans as it grows: an order
 * import once spent 3.3 s per 800-line batch in such a check, 6.9 ms after an ANALYZE. The cumulative statistics
 * that autovacuum reads (`n_mod_since_analyze`) are not reliably flushed in PGlite's single-user mode, so growth is
 * measured the way the planner itself sees it: the table's pages now against the pages recorded at its last
 * ANALYZE (`pg_class.relpages`). Tables that grew by a fifth (and by at least 16 pages, 128 KiB) are analysed.
 * ANALYZE samples at most 30,000 rows a table, so a pass costs tens of milliseconds per table whatever their size.
 */
import { sql, type Kysely } from 'kysely';

const GROWTH = 0.2;
const MIN_NEW_PAGES = 16;

type Grown = { name: string };

/** Tables of the current schema whose size has outgrown what the planner last recorded. */
async function grownTables(db: Kysely<Record<never, never>>): Promise<string[]> {
  const { rows } = await sql<Grown>`
    SELECT quote_ident(c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r'
      AND pg_relation_size(c.oid) / current_setting('block_size')::int - greatest(c.relpages, 0)
          >= greatest(${MIN_NEW_PAGES}::int, ceil(greatest(c.relpages, 0) * ${GROWTH}::float8))
    ORDER BY c.relname`.execute(db);
  return rows.map((r) => r.name);
}

/** One pass: analyses the grown tables and returns their names. */
export async function analyseGrownTables(db: Kysely<Record<never, never>>): Promise<string[]> {
  const tables = await grownTables(db);
  // One statement per table: a table dropped meanwhile fails alone, and each holds the single session briefly.
  for (const table of tables) await sql.raw(`ANALYZE ${table}`).execute(db);
  return tables;
}

/** Runs a pass every `intervalMs` until the returned stop is called; a failed pass is reported and the next tried. */
export function startStatisticsKeeper(db: Kysely<Record<never, never>>, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined; // a pass still running when the timer fires again is not doubled
  const timer = setInterval(() => {
    running ??= analyseGrownTables(db)
      .then(() => undefined, onError)
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

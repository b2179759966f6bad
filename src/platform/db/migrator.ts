/**
 * SQL migrations owned by modules: `<module>/migrations/NNNN_name.sql`, applied in the order the modules are
 * listed, then by file name. All pending migrations run in ONE transaction, so a failure leaves the database
 * exactly as it was. An applied migration whose file changed afterwards is an error, never silently skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';

export type MigrationSource = { module: string; dir: string };
export type Migration = { module: string; name: string; sql: string; checksum: string };
export type MigrationReport = { applied: Migration[]; alreadyApplied: number };

const FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;

export function readMigrations(sources: MigrationSource[]): Migration[] {
  return sources.flatMap(({ module, dir }) => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith('.sql'))
      .sort()
      .map((file) => {
        if (!FILE_PATTERN.test(file)) throw new Error(`migration ${join(dir, file)}: name must look like 0001_what_it_does.sql`);
        const sql = readFileSync(join(dir, file), 'utf8');
        return { module, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
      });
  });
}

export async function migrate(database: Database, sources: MigrationSource[]): Promise<MigrationReport> {
  const migrations = readMigrations(sources);
  return database.inScriptTransaction(async (runner) => {
    await runner.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        module text NOT NULL,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (module, name)
      )`);
    // Two servers starting together must not both apply the same migration.
    await runner.query(`SELECT pg_advisory_xact_lock(7262018365)`);
    const rows = await runner.query<{ module: string; name: string; checksum: string }>(
      'SELECT module, name, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [`${row.module}/${row.name}`, row.checksum]));
    const pending: Migration[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(`${migration.module}/${migration.name}`);
      if (checksum === undefined) pending.push(migration);
      else if (checksum !== migration.checksum) {
        throw new Error(
          `migration ${migration.module}/${migration.name} was changed after it was applied; add a new migration instead`,
        );
      }
    }
    for (const migration of pending) {
      try {
        await runner.exec(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.module}/${migration.name} failed: ${(error as Error).message}`);
      }
      await runner.query('INSERT INTO schema_migrations (module, name, checksum) VALUES ($1, $2, $3)', [
        migration.module,
        migration.name,
        migration.checksum,
      ]);
    }
    return { applied: pending, alreadyApplied: migrations.length - pending.length };
  });
}

/** Opens the configured database (PGlite folder or PostgreSQL server) and brings its schema up to date. */
import type { Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { migrate, type MigrationReport } from '../platform/db/migrator.ts';
import { migrationSources } from './modules.ts';

export async function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'pglite', dataDir: config.dataDir });
}

export async function migrateDatabase(database: Database): Promise<MigrationReport> {
  return migrate(database, migrationSources);
}

/** `guanxi migrate` — apply pending migrations (all or nothing). */
import type { Command } from 'commander';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerMigrate(program: Command): void {
  withDatabaseFlags(program.command('migrate').description('apply pending database migrations')).action(async (flags: DatabaseFlags) => {
    const database = await openConfiguredDatabase(configFrom(flags));
    try {
      const report = await migrateDatabase(database);
      for (const m of report.applied) process.stderr.write(`applied ${m.module}/${m.name}\n`);
      process.stderr.write(`${report.applied.length} applied, ${report.alreadyApplied} already up to date\n`);
    } finally {
      await database.close();
    }
  });
}

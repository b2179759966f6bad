/** `guanxi demo` — load the bilingual demo data set, with a progress bar. */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { DEFAULT_TENANT_ID } from '../../kernel/context.ts';
import { loadDemo } from '../../app/demo/demo-loader.ts';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

const count = (label: string, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${label}: a whole number from 0 to ${max}`);
  return n;
};

export function registerDemo(program: Command): void {
  withDatabaseFlags(program.command('demo').description('load a realistic bilingual demo data set'))
    .option('--people <n>', 'people to create', count('--people', 1_000_000), 3000)
    .option('--organisations <n>', 'organisations to create', count('--organisations', 100_000), 1000)
    .option('--owner <email>', 'user who owns the records (default: no owner)')
    .action(async (flags: DatabaseFlags & { people: number; organisations: number; owner?: string }) => {
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      const bar = new SingleBar({ format: 'demo data [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
      try {
        await migrateDatabase(database);
        const services = createServices(database, config);
        const owner = flags.owner ? await services.access.findUserByEmail(flags.owner) : undefined;
        if (flags.owner && !owner) throw new Error(`--owner: no user with e-mail ${flags.owner}`);
        bar.start(flags.people + flags.organisations, 0);
        const result = await loadDemo(services, { tenantId: owner?.tenantId ?? DEFAULT_TENANT_ID, userId: owner?.id, requestId: undefined }, {
          people: flags.people,
          organisations: flags.organisations,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        process.stderr.write(`loaded ${result.organisations} organisations and ${result.people} people\n`);
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

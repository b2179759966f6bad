/**
 * `guanxi analytics export --dir DIR` — the analytics store's tables as Parquet files (order_lines, customers,
 * costs, products). The store is first brought up to date from the database (built from scratch if it has never
 * been), so the files hold what the database holds now. Stop the server first when it uses the same data folder.
 */
import type { Command } from 'commander';
import { openConfiguredDatabase } from '../../app/open.ts';
import { createAnalyticsService, exportAnalyticsStore } from '../../modules/analytics/index.ts';
import { createCommerceAnalyticsSource } from '../../modules/commerce/index.ts';
import { createDirectoryAnalyticsSource } from '../../modules/directory/index.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerAnalyticsExport(analytics: Command): void {
  withDatabaseFlags(analytics.command('export').description('the analytics store as Parquet files, one per table, after bringing it up to date'))
    .requiredOption('--dir <dir>', 'folder for the .parquet files (created if missing)')
    .option('--rebuild', 'rebuild the store from the database first instead of following the outbox')
    .option('--json', 'print the files and row counts as JSON')
    .action(async (flags: DatabaseFlags & { dir: string; rebuild?: boolean; json?: boolean }) => {
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      const analytics = createAnalyticsService({
        db: database.db,
        sources: { commerce: createCommerceAnalyticsSource(database.db), directory: createDirectoryAnalyticsSource(database.db) },
        personVisible: async () => undefined, // no per-person reads here
        storePath: config.analyticsPath,
        storeMemoryLimit: config.analyticsMemoryLimit,
        currency: config.analyticsCurrency,
        timeZone: config.analyticsTimeZone,
        discountRate: config.analyticsDiscountRate,
      });
      try {
        if (flags.rebuild) await analytics.feed.rebuildAll();
        else await analytics.feed.catchUp();
        const files = await analytics.store.exclusive((db) => exportAnalyticsStore(db, flags.dir));
        process.stdout.write(flags.json ? `${JSON.stringify(files, null, 2)}\n` : `${files.map((f) => `${f.file}: ${f.rows} rows`).join('\n')}\n`);
      } finally {
        await analytics.close();
        await database.close();
      }
    });
}

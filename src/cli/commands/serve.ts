/** `guanxi serve` — migrate, then serve the API (and the web app) until SIGTERM/SIGINT. */
import type { Command } from 'commander';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { buildServer } from '../../app/server.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerServe(program: Command): void {
  withDatabaseFlags(program.command('serve').description('run the CRM server (migrates the database first)'))
    .option('--port <port>', 'port to listen on (default 3000, or PORT)')
    .option('--host <host>', 'interface to listen on (default 0.0.0.0, or HOST)')
    .action(async (flags: DatabaseFlags & { port?: string; host?: string }) => {
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      let closing = false;
      try {
        const report = await migrateDatabase(database);
        const { app, services } = await buildServer(database, config);
        // While no account exists, this start draws the one-time set-up token (its link is printed below).
        await services.setup.begin();
        const shutdown = async (signal: string) => {
          if (closing) return;
          closing = true;
          app.log.info({ signal }, 'shutting down: finishing in-flight requests');
          try {
            await app.close(); // stops accepting, waits for in-flight requests
          } finally {
            await database.close();
            app.log.info('database closed; bye');
          }
        };
        process.once('SIGTERM', () => void shutdown('SIGTERM'));
        process.once('SIGINT', () => void shutdown('SIGINT'));
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const base = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
        app.log.info({ database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined, migrationsApplied: report.applied.length }, `Guanxi is ready on ${base}`);
        // A fresh installation: the first administrator is created in the browser, with a link only this output shows.
        const setupLine = services.setup.announcement(base);
        if (setupLine) {
          app.log.warn(setupLine);
          process.stderr.write(`\n${setupLine}\n\n`);
        }
      } catch (error) {
        await database.close();
        throw error;
      }
    });
}

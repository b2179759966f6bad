/** Flags every database-using command shares, turned into a Config. */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../platform/config.ts';

export type DatabaseFlags = { data?: string; databaseUrl?: string };

export function withDatabaseFlags(command: Command): Command {
  return command
    .option('--data <dir>', 'folder of the embedded database (default ./data, or GUANXI_DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL server instead of the embedded database (or DATABASE_URL)');
}

export function configFrom(flags: DatabaseFlags & { port?: string; host?: string }): Config {
  return loadConfig({
    ...(flags.data ? { dataDir: flags.data } : {}),
    ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
    ...(flags.port ? { port: Number(flags.port) } : {}),
    ...(flags.host ? { host: flags.host } : {}),
  });
}

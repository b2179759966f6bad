/** The composition root's list of modules, in dependency order (their migrations run in this order). */
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../platform/db/migrator.ts';
import { accessMigrations } from '../modules/access/index.ts';
import { directoryMigrations } from '../modules/directory/index.ts';
import { privacyMigrations } from '../modules/privacy/index.ts';
import { engagementMigrations } from '../modules/engagement/index.ts';
import { salesMigrations } from '../modules/sales/index.ts';
import { commerceMigrations } from '../modules/commerce/index.ts';
import { identityMigrations } from '../modules/identity/index.ts';
import { viewMigrations } from '../modules/views/index.ts';

export const migrationSources: MigrationSource[] = [
  { module: 'platform', dir: fileURLToPath(new URL('../platform/migrations', import.meta.url)) },
  accessMigrations,
  directoryMigrations,
  privacyMigrations,
  engagementMigrations,
  salesMigrations,
  commerceMigrations,
  identityMigrations,
  viewMigrations,
];

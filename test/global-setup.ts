/**
 * Builds one migrated template database per run; each test file starts from a copy of it (PGlite: a data-dir
 * dump loaded in memory, ~0.5 s; PostgreSQL: CREATE DATABASE … TEMPLATE, ~50 ms).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrationSources } from '../src/app/modules.ts';
import { openDatabase, pgliteOf } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { loadConfig } from '../src/platform/config.ts';

export const TEMPLATE_DB = 'guanxi_test_template';

// Module augmentation can only merge into interfaces.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */

/** Returns the teardown: the PGlite template file is removed when the run ends (it was left behind, 40 MB a run). */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const { databaseUrl } = loadConfig();
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${TEMPLATE_DB}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    await migrate(database, migrationSources);
    await database.close();
    project.provide('postgresUrl', databaseUrl);
    project.provide('pgliteTemplate', '');
    return undefined;
  }
  const database = await openDatabase({ kind: 'pglite-memory' });
  await migrate(database, migrationSources);
  const dump = await pgliteOf(database)!.dumpDataDir('none');
  await database.close();
  const dir = join(process.cwd(), '.tmp');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `pglite-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', path);
  project.provide('postgresUrl', '');
  return () => rmSync(path, { force: true });
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/harness.ts';
import { openDatabase } from '../database.ts';
import { migrate } from '../migrator.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guanxi-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function migrationsDir(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return join(dir, 'migrations');
}

describe('migrator', () => {
  it('applies nothing when any pending migration fails', async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const dir = migrationsDir({
        '0001_good.sql': 'CREATE TABLE probe_good (id int PRIMARY KEY); INSERT INTO probe_good VALUES (1);',
        '0002_bad.sql': 'CREATE TABLE probe_bad (id int); SELECT no_such_function();',
      });
      await expect(migrate(database, [{ module: 'probe', dir }])).rejects.toThrow(/probe\/0002_bad\.sql failed/);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('probe_good', 'probe_bad')`.execute(database.db);
      expect(rows[0]?.n).toBe(0);
      const recorded = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations WHERE module = 'probe'`.execute(database.db);
      expect(recorded.rows[0]?.n).toBe(0);
    } finally {
      await drop();
    }
  });

  it('applies once, and refuses a migration edited after it was applied', async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const dir = migrationsDir({ '0001_once.sql': 'CREATE TABLE probe_once (id int);' });
      expect((await migrate(database, [{ module: 'probe', dir }])).applied).toHaveLength(1);
      expect((await migrate(database, [{ module: 'probe', dir }])).applied).toHaveLength(0);
      writeFileSync(join(dir, '0001_once.sql'), 'CREATE TABLE probe_once (id bigint);');
      await expect(migrate(database, [{ module: 'probe', dir }])).rejects.toThrow(/changed after it was applied/);
    } finally {
      await drop();
    }
  });

  it('refuses a badly named migration file', async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const dir = migrationsDir({ 'add-stuff.sql': 'SELECT 1;' });
      await expect(migrate(database, [{ module: 'probe', dir }])).rejects.toThrow(/0001_what_it_does\.sql/);
    } finally {
      await drop();
    }
  });
});

describe('embedded storage', () => {
  it('keeps data across a restart, and refuses a second process on the same folder', async () => {
    const dataDir = tempDir();
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await sql`CREATE TABLE kept (v text)`.execute(first.db);
    await sql`INSERT INTO kept VALUES ('张伟')`.execute(first.db);
    await first.close();

    writeFileSync(join(dataDir, 'guanxi.lock'), String(process.ppid));
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by another Guanxi process/);
    rmSync(join(dataDir, 'guanxi.lock'));

    const second = await openDatabase({ kind: 'pglite', dataDir });
    const { rows } = await sql<{ v: string }>`SELECT v FROM kept`.execute(second.db);
    expect(rows).toEqual([{ v: '张伟' }]);
    await second.close();
  });

  it('takes over the lock of a process that died', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'guanxi.lock'), '999999999');
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.close();
  });
});

/**
 * `guanxi import people` killed with SIGKILL in the middle of a file (two batches in flight, one of them usually
 * half-written) and run again: every row of the file is stored exactly once, every stored row names a person who
 * exists, and no person is created twice or left without the rows that created them. On PostgreSQL: a killed
 * embedded database (PGlite) is a different test — the subject here is the import's own protocol.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { generateChineseRecords } from '../../modules/identity/index.ts';

const run = promisify(execFile);
const bin = join(process.cwd(), 'bin', 'guanxi.js');
const ROWS = 8000;

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

describe.skipIf(!inject('postgresUrl'))('guanxi import people, killed and run again (PostgreSQL)', { timeout: 300_000 }, () => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'guanxi-import-kill-'));
  const file = join(dir, 'people.csv');
  beforeAll(async () => {
    db = await createTestDatabase();
    const records = [...generateChineseRecords({ records: ROWS, seed: 31 })];
    writeFileSync(file, ['name,phone,email,address,birth_date,company', ...records.map((r) => [r.name, r.phone, r.email, r.address, r.birth_date, r.company].map(csvCell).join(','))].join('\n'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (query: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(query)}`.execute(db.database.db)).rows[0]?.n ?? 0;

  it('stores every row exactly once and every person once after a SIGKILL mid-file', async () => {
    const env = { ...process.env, DATABASE_URL: db.url as string, LOG_LEVEL: 'warn' };
    const args = [bin, 'import', 'people', file, '--batch-size', '200'];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    // Killed once a fifth of the file is committed: batches are then being written behind it.
    let atKill = 0;
    for (let i = 0; i < 6000 && child.exitCode === null; i++) {
      atKill = await count('identity_touchpoints');
      if (atKill >= ROWS / 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect({ code, signal, stderr: signal ? '' : stderr }).toMatchObject({ signal: 'SIGKILL' });
    const afterKill = await count('identity_touchpoints');
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(ROWS);

    const again = await run(process.execPath, args, { env, timeout: 240_000 });
    const report = /(\d+) rows in .*: (\d+) new people, (\d+) linked to existing, \d+ for review, (\d+) already imported, (\d+) rejected/.exec(again.stderr);
    const [rows, created, linked, skipped, rejected] = (report?.slice(1) ?? []).map(Number);
    expect({ rows, rejected }).toEqual({ rows: ROWS, rejected: 0 });
    // A COMMIT sent just before the kill may land after the count above: at least those rows were already there.
    expect(skipped).toBeGreaterThanOrEqual(afterKill);
    expect((created ?? 0) + (linked ?? 0) + (skipped ?? 0)).toBe(ROWS);

    // Every line once, none pending, each naming a live person.
    expect(await count('identity_touchpoints')).toBe(ROWS);
    expect(await count('(SELECT DISTINCT line FROM identity_touchpoints) lines')).toBe(ROWS);
    expect(await count(`identity_touchpoints WHERE status <> 'linked'`)).toBe(0);
    expect(await count('identity_touchpoints t WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = t.person_id AND p.deleted_at IS NULL)')).toBe(0);
    // Each person was created by exactly one row, and every person has that row: nobody twice, nobody orphaned.
    const people = await count('people');
    expect(await count(`identity_touchpoints WHERE link_kind = 'created'`)).toBe(people);
    expect(await count(`(SELECT person_id FROM identity_touchpoints WHERE link_kind = 'created' GROUP BY person_id HAVING count(*) > 1) twice`)).toBe(0);
    // Their search terms and creation events came with them.
    expect(await count(`people p WHERE NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.entity_id = p.id)`)).toBe(0);
    expect(await count(`events WHERE type = 'directory.person.created'`)).toBe(people);
  });
});

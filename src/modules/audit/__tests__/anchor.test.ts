/** Anchors: truncating the newest entries (which leaves a chain that still links up) is caught by an anchor kept elsewhere. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { parseAnchor } from '../chain.ts';

let t: TestApp;
beforeAll(async () => {
  // No background sealer: the one under test must be the only one sealing.
  t = await createTestApp({ eventPollMs: 0 });
});
afterAll(() => t.close());

const verify = async (anchors?: string[]) => t.call({ method: 'POST', url: '/api/v1/audit/verify', ...(anchors ? { payload: { anchors } } : {}) });
const addPeople = async (n: number, prefix: string) => {
  for (let i = 0; i < n; i++) await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: `${prefix}${i}` } });
};

describe('audit anchors', () => {
  it('an anchor taken before a truncation shows the truncation; the chain alone does not', async () => {
    await addPeople(3, '锚点');
    const taken = (await t.call({ method: 'POST', url: '/api/v1/audit/anchor' })).json();
    expect(taken.anchor).toMatch(/^gxa1\.\d+\.[0-9a-f]{64}$/);
    expect((await verify([taken.anchor])).json().ok).toBe(true);

    // Remove the newest sealed entries, as someone with database access might.
    await sql`DELETE FROM events WHERE chain_pos > ${Number(taken.chainPos) - 2}`.execute(t.database.db);
    expect((await verify()).json().ok).toBe(true); // what is left still links up
    const caught = (await verify([taken.anchor])).json();
    expect(caught.ok).toBe(false);
    expect(caught.problem.reason).toMatch(/newest entries were removed/);
  });

  it('an anchor shows a chain rebuilt from the start (every hash recomputed)', async () => {
    await addPeople(2, '重写');
    const taken = (await t.call({ method: 'POST', url: '/api/v1/audit/anchor' })).json();
    // A forger re-seals everything after changing an old entry: unseal all, edit, let the sealer run again.
    await sql`UPDATE events SET chain_pos = NULL, prev_hash = NULL, hash = NULL, payload_digest = NULL`.execute(t.database.db);
    await sql`UPDATE events SET payload = '{"forged": true}'::jsonb WHERE seq = (SELECT min(seq) FROM events)`.execute(t.database.db);
    expect((await verify()).json().ok).toBe(true);
    const caught = (await verify([taken.anchor])).json();
    expect(caught.ok).toBe(false);
    expect(caught.problem.reason).toMatch(/rewritten/);
  });

  it('refuses a malformed anchor, naming the field', async () => {
    const response = await verify(['gxa1.12.nothex']);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toMatch(/anchors/);
  });

  it('the sealer appends the head to an anchor file outside the database', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gx-anchor-')), 'sub', 'audit-anchors.log');
    const stop = t.services.audit.startSealing(20, (error) => { throw error; }, file);
    await addPeople(2, '文件锚');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = parseAnchor(lines.at(-1)?.split(' ').at(-1) ?? '');
    expect(last).not.toBeNull();
    const head = await t.services.audit.anchor();
    expect(head).toEqual(last);
  });
});

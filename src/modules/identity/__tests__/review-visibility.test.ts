import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

// A long queue of which a sales rep may see two pairs: the database filters by visibility (the directory's
// condition), so the rep gets exactly those two, in order, whatever stands before them in the queue.
let t: TestApp;
const tokens: Record<string, string> = {};
const owners: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const sys = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
  for (const key of ['rep', 'other']) {
    const user = await t.services.access.createUser(sys, { email: `${key}-queue@example.com`, displayName: key, password: 'long enough password', roleKey: 'sales' });
    owners[key] = user.id;
    tokens[key] = (await t.services.access.createApiTokenForEmail(user.email, 'test')).token;
  }
});
afterAll(() => t.close());

type Pair = { id: string; leftId: string; rightId: string; leftName: string; rightName: string; probability: number };

async function insertPeople(prefix: string, count: number, ownerId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO people (tenant_id, id, name, name_folded, name_pinyin, name_initials, owner_id)
    SELECT ${DEFAULT_TENANT_ID}::uuid, gen_random_uuid(), ${prefix} || n, ${prefix} || n, ${prefix} || n, 'x', ${ownerId}::uuid
    FROM generate_series(1, ${count}) AS n RETURNING id`.execute(t.database.db);
  return rows.map((r) => r.id);
}

async function insertPair(a: string, b: string, probability: number): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO identity_review_pairs (tenant_id, id, left_id, right_id, probability, explanation, status)
    VALUES (${DEFAULT_TENANT_ID}, gen_random_uuid(), least(${a}::uuid, ${b}::uuid), greatest(${a}::uuid, ${b}::uuid), ${probability}, '{"fields":[]}', 'open')
    RETURNING id`.execute(t.database.db);
  return (rows[0] as { id: string }).id;
}

describe('review queue filtered by visibility in the database', () => {
  it('a rep who may see 2 pairs among 1,000 gets exactly those, best first, in one page', async () => {
    const others = await insertPeople('other-', 1_996, owners.other as string);
    const mine = await insertPeople('mine-', 4, owners.rep as string);
    // 997 pairs among another rep's customers, all more probable than the rep's own; 1 pair half the rep's.
    for (let i = 0; i < 997; i++) await insertPair(others[2 * i] as string, others[2 * i + 1] as string, 0.99 - i * 0.0004);
    await insertPair(mine[0] as string, others[1_995] as string, 0.6);
    const best = await insertPair(mine[0] as string, mine[1] as string, 0.55);
    const second = await insertPair(mine[2] as string, mine[3] as string, 0.52);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_review_pairs WHERE status = 'open'`.execute(t.database.db);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1_000);

    const response = await t.call({ method: 'GET', url: '/api/v1/identity/review?limit=25', auth: tokens.rep });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as Pair[];
    expect(items.map((p) => p.id)).toEqual([best, second]);
    expect(items[0]).toMatchObject({ leftName: expect.stringMatching(/^mine-/), rightName: expect.stringMatching(/^mine-/), probability: 0.55 });

    const one = (await t.call({ method: 'GET', url: '/api/v1/identity/review?limit=1', auth: tokens.rep })).json().items as Pair[];
    expect(one.map((p) => p.id)).toEqual([best]);

    // The other rep sees their own 997 pairs, but never the half-visible one.
    const theirs = (await t.call({ method: 'GET', url: '/api/v1/identity/review?limit=100', auth: tokens.other })).json().items as Pair[];
    expect(theirs).toHaveLength(100);
    expect(theirs.every((p) => p.leftName.startsWith('other-') && p.rightName.startsWith('other-'))).toBe(true);
    expect(theirs.map((p) => p.probability)).toEqual([...theirs.map((p) => p.probability)].sort((x, y) => y - x));
  });

  it("names the merged person only to whom may see them; what moved is listed with its ids, many only counted", async () => {
    const [kept] = await insertPeople('kept-', 1, owners.rep as string);
    const [gone] = await insertPeople('gone-', 1, owners.other as string);
    // 60 source records on the merged person: more than the ids listed per kind.
    await sql`INSERT INTO identity_touchpoints (tenant_id, id, touchpoint_key, person_id, source, raw, normalised, status, link_kind)
      SELECT ${DEFAULT_TENANT_ID}::uuid, gen_random_uuid(), 'test:' || n, ${gone}::uuid, 'api', '{}', '{}', 'linked', 'created' FROM generate_series(1, 60) AS n`.execute(t.database.db);
    const merge = await t.call({ method: 'POST', url: '/api/v1/identity/merges', payload: { survivorId: kept, mergedId: gone } });
    expect(merge.statusCode, merge.body).toBe(201);

    const asAdmin = (await t.call({ method: 'GET', url: `/api/v1/people/${kept}/merges` })).json().items;
    expect(asAdmin[0]).toMatchObject({ mergedName: 'gone-1', survivorName: 'kept-1', moved: { touchpoints: { count: 60, ids: null } }, restores: { touchpoints: 60 } });
    const asRep = await t.call({ method: 'GET', url: `/api/v1/people/${kept}/merges`, auth: tokens.rep });
    expect(asRep.statusCode, asRep.body).toBe(200);
    expect(asRep.json().items[0]).toMatchObject({ mergedId: gone, mergedName: null, survivorName: 'kept-1' });
  });
});

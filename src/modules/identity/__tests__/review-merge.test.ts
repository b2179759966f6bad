import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function post(url: string, payload: Record<string, unknown>, status = 201) {
  const response = await t.call({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

const snapshot = async (personId: string) => {
  const { rows } = await sql<{ kind: string; id: string }>`
    SELECT 'touchpoint' AS kind, id FROM identity_touchpoints WHERE person_id = ${personId}
    UNION ALL SELECT 'family', id FROM family_members WHERE person_id = ${personId}
    UNION ALL SELECT 'key_date', id FROM key_dates WHERE person_id = ${personId}
    UNION ALL SELECT 'consent', id FROM consents WHERE person_id = ${personId}
    ORDER BY 1, 2`.execute(t.database.db);
  return rows;
};

describe('review queue, merge and un-merge', () => {
  it('puts an uncertain pair in the queue with its explanation, and a decision is never asked again', async () => {
    // Same name and birth date, different mobiles: likely, not certain.
    const first = await post('/api/v1/identity/touchpoints', { source: 'portal', record: { name: '周敏', mobile: '13700001111', birthDate: '1992-07-08', address: '浙江省杭州市西湖区文三路5号' } });
    const second = await post('/api/v1/identity/touchpoints', { source: 'dealer:hz', record: { name: '周敏', mobile: '13700002222', birthDate: '1992-07-08' } }, 201);
    const a = first.touchpoint.personId as string;
    const b = second.touchpoint.personId as string;
    expect(b).not.toBe(a);
    expect(second.review).toMatchObject({ personId: a });
    const queue = await t.call({ method: 'GET', url: '/api/v1/identity/review' });
    expect(queue.statusCode, queue.body).toBe(200);
    const pair = queue.json().items.find((p: { leftId: string; rightId: string }) => [p.leftId, p.rightId].sort().join() === [a, b].sort().join());
    expect(pair).toBeDefined();
    expect(pair.explanation.fields.map((f: { comparison: string }) => f.comparison)).toContain('birth_date');
    const decided = await post(`/api/v1/identity/review/${pair.id}/decision`, { decision: 'different' }, 200);
    expect(decided).toMatchObject({ status: 'different', merge: null });
    const again = await t.call({ method: 'POST', url: `/api/v1/identity/review/${pair.id}/decision`, payload: { decision: 'same' } });
    expect(again.statusCode).toBe(409);
    // Seen again, the pair is not re-queued: the decision is remembered.
    await post('/api/v1/identity/touchpoints', { source: 'api', record: { name: '周敏', mobile: '13700002222', birthDate: '1992-07-08' } });
    const open = (await t.call({ method: 'GET', url: '/api/v1/identity/review' })).json().items;
    expect(open.find((p: { id: string }) => p.id === pair.id)).toBeUndefined();
    const decisions = (await t.call({ method: 'GET', url: '/api/v1/identity/review?status=different' })).json().items;
    expect(decisions.map((p: { id: string }) => p.id)).toContain(pair.id);
  });

  it('merges two people moving every touchpoint and relation, and un-merge restores the exact prior state', async () => {
    const survivor = (await post('/api/v1/identity/touchpoints', { source: 'portal', record: { name: '郑洁', mobile: '13500001111' } })).touchpoint.personId as string;
    const merged = (await post('/api/v1/identity/touchpoints', { source: 'dealer:bj', record: { name: 'Jie Zheng', mobile: '13500009999', email: 'jie@example.cn' } })).touchpoint.personId as string;
    await post(`/api/v1/people/${merged}/family-members`, { name: '郑小明', relation: 'child' });
    await post('/api/v1/key-dates', { personId: merged, kind: 'anniversary', date: '2015-05-20' });
    await post(`/api/v1/people/${merged}/consents`, { channel: 'sms', status: 'granted', source: 'web form' });
    const before = { survivor: await snapshot(survivor), merged: await snapshot(merged) };
    expect(before.merged).toHaveLength(4);

    const merge = await post('/api/v1/identity/merges', { survivorId: survivor, mergedId: merged });
    expect(merge).toMatchObject({ survivorId: survivor, mergedId: merged, touchpointsMoved: 1, relationsMoved: 3 });
    expect(await snapshot(merged)).toEqual([]);
    expect((await snapshot(survivor)).length).toBe(before.survivor.length + 4);
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${merged}` })).statusCode).toBe(404);
    const sources = (await t.call({ method: 'GET', url: `/api/v1/people/${survivor}/touchpoints` })).json();
    expect(sources.items.map((i: { source: string }) => i.source).sort()).toEqual(['dealer:bj', 'portal']);
    expect(sources.golden.email).toMatchObject({ value: 'jie@example.cn', source: 'dealer:bj' });
    // The merged person no longer answers matches; the survivor does, by the merged record's phone too.
    const match = (await post('/api/v1/identity/match', { record: { name: 'Jie Zheng', mobile: '13500009999' } }, 200)).candidates;
    expect(match.map((c: { personId: string }) => c.personId)).not.toContain(merged);

    const history = await t.call({ method: 'GET', url: `/api/v1/people/${merged}/merges` });
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items).toMatchObject([{ id: merge.id, survivorId: survivor, mergedId: merged, undoneAt: null, survivorName: '郑洁', mergedName: 'Jie Zheng' }]);
    // What moved, from the merge's own record (not the timeline's copy), and what un-merge would put back.
    const movedTouchpoint = before.merged.find((r) => r.kind === 'touchpoint')?.id;
    expect(history.json().items[0].moved).toEqual({
      touchpoints: { count: 1, ids: [movedTouchpoint] },
      relations: {
        familyMembers: { count: 1, ids: [before.merged.find((r) => r.kind === 'family')?.id] },
        keyDates: { count: 1, ids: [before.merged.find((r) => r.kind === 'key_date')?.id] },
        consents: { count: 1, ids: [before.merged.find((r) => r.kind === 'consent')?.id] },
      },
      records: {},
      reviewPairs: 0,
    });
    expect(history.json().items[0].restores).toEqual({ touchpoints: 1, relations: 3, recordsAtMost: 0, reviewPairs: 0 });
    const undo = await post(`/api/v1/identity/merges/${merge.id}/undo`, {}, 200);
    expect(undo).toMatchObject({ undone: true });
    const afterUndo = (await t.call({ method: 'GET', url: `/api/v1/people/${survivor}/merges` })).json().items;
    expect(afterUndo[0]).toMatchObject({ id: merge.id, restores: null, moved: { touchpoints: { count: 1 } } });
    expect(await snapshot(merged)).toEqual(before.merged);
    expect(await snapshot(survivor)).toEqual(before.survivor);
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${merged}` })).statusCode).toBe(200);
    const twice = await t.call({ method: 'POST', url: `/api/v1/identity/merges/${merge.id}/undo` });
    expect(twice.statusCode).toBe(409);
    const events = await sql<{ type: string }>`SELECT type FROM events WHERE type LIKE 'identity.person.%' ORDER BY seq`.execute(t.database.db);
    expect(events.rows.map((e) => e.type)).toEqual(['identity.person.merged', 'identity.person.unmerged']);
  });

  it('exports and erases the touchpoints with the person (privacy providers)', async () => {
    const id = (await post('/api/v1/identity/touchpoints', { source: 'web_form', record: { name: '韩梅梅', mobile: '13300001111', address: '北京市东城区王府井大街1号' } })).touchpoint.personId as string;
    const exported = await t.call({ method: 'GET', url: `/api/v1/people/${id}/personal-data` });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.json().sources.identity.touchpoints[0].raw).toMatchObject({ name: '韩梅梅', mobile: '13300001111' });
    const erased = await t.call({ method: 'POST', url: `/api/v1/people/${id}/erase`, payload: { reason: 'PIPL request 42', confirm: true } });
    expect(erased.statusCode, erased.body).toBe(200);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_touchpoints WHERE person_id = ${id}`.execute(t.database.db)).rows[0]?.n).toBe(0);
    const match = (await post('/api/v1/identity/match', { record: { name: '韩梅梅', mobile: '13300001111' } }, 200)).candidates;
    expect(match.map((c: { personId: string }) => c.personId)).not.toContain(id);
  });

  it('refuses a merge of a person with itself or with a missing person', async () => {
    const id = (await post('/api/v1/people', { name: '冯刚' })).id as string;
    const self = await t.call({ method: 'POST', url: '/api/v1/identity/merges', payload: { survivorId: id, mergedId: id } });
    expect(errorOf(self).code).toBe('IDENTITY.SAME_PERSON');
    const missing = await t.call({ method: 'POST', url: '/api/v1/identity/merges', payload: { survivorId: id, mergedId: '01900000-0000-7000-8000-000000000000' } });
    expect(missing.statusCode).toBe(404);
    const bad = await t.call({ method: 'POST', url: '/api/v1/identity/review/01900000-0000-7000-8000-000000000000/decision', payload: { decision: 'maybe' } });
    expect(bad.statusCode).toBe(400);
  });
});

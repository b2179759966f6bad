import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>, status = 201) {
  const response = await t.call({ method, url, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json();
}

/** Everything in engagement, sales and commerce that names the person, with interaction participants in order. */
async function holdings(personId: string) {
  const { rows } = await sql<{ kind: string; id: string }>`
    SELECT 'interaction' AS kind, id::text || ':' || array_to_string(person_ids, ',') AS id FROM interactions WHERE ${personId}::uuid = ANY(person_ids)
    UNION ALL SELECT 'task', id::text FROM tasks WHERE person_id = ${personId}
    UNION ALL SELECT 'opportunity', id::text FROM opportunities WHERE person_id = ${personId}
    UNION ALL SELECT 'quote', id::text FROM quotes WHERE person_id = ${personId}
    UNION ALL SELECT 'order', id::text FROM orders WHERE person_id = ${personId}
    UNION ALL SELECT 'order_line', id::text FROM order_lines WHERE person_id = ${personId}
    ORDER BY 1, 2`.execute(t.database.db);
  return rows;
}

async function ordersTotal(personId: string) {
  const page = await call('GET', `/api/v1/orders?personId=${personId}&limit=100`, undefined, 200);
  const items = page.items as Array<{ total: string }>;
  return { count: items.length, total: items.reduce((sum, o) => sum + Number(o.total), 0) };
}

const order = (personId: string, unitPrice: string) => call('POST', '/api/v1/orders', { personId, orderedOn: '2026-03-01', lines: [{ description: '茶叶', quantity: '1', unitPrice }] });

describe('merge moves every linked record, un-merge puts back exactly that', () => {
  it('moves interactions, participants, tasks, opportunities, quotes and orders, and restores them after later edits', async () => {
    const survivor = (await call('POST', '/api/v1/people', { name: '黄晓燕' })).id as string;
    const merged = (await call('POST', '/api/v1/people', { name: 'Xiaoyan Huang' })).id as string;
    const other = (await call('POST', '/api/v1/people', { name: '林志强' })).id as string;

    await order(survivor, '20');
    await order(merged, '10');
    await order(merged, '30');
    await call('POST', '/api/v1/quotes', { personId: merged, lines: [{ description: '茶具', quantity: '2', unitPrice: '50' }] });
    await call('POST', '/api/v1/interactions', { channel: 'phone', subject: '回访', personIds: [survivor] });
    await call('POST', '/api/v1/interactions', { channel: 'visit', subject: '门店到访', personIds: [merged, other] });
    // Both took part: the merged person is removed here (not duplicated), and put back at the same position.
    await call('POST', '/api/v1/interactions', { channel: 'meeting', subject: '品鉴会', personIds: [other, merged, survivor] });
    await call('POST', '/api/v1/tasks', { title: '寄送样品', personId: merged });
    await call('POST', '/api/v1/tasks', { title: '确认地址', personId: merged });
    await call('POST', '/api/v1/opportunities', { name: '年度礼品', personId: survivor });
    const opportunity = await call('POST', '/api/v1/opportunities', { name: '企业采购', personId: merged });

    const before = { survivor: await holdings(survivor), merged: await holdings(merged), other: await holdings(other) };
    expect(await ordersTotal(survivor)).toEqual({ count: 1, total: 20 });
    expect(await ordersTotal(merged)).toEqual({ count: 2, total: 40 });

    const merge = await call('POST', '/api/v1/identity/merges', { survivorId: survivor, mergedId: merged });
    expect(merge.recordsMoved).toEqual({ interactions: 1, participantsRemoved: 1, tasks: 2, opportunities: 1, quotes: 1, orders: 2, orderLines: 2 });
    expect(await holdings(merged)).toEqual([]);
    expect(await ordersTotal(survivor)).toEqual({ count: 3, total: 60 });
    const interactions = (await call('GET', `/api/v1/interactions?personId=${survivor}`, undefined, 200)).items as Array<{ subject: string; personIds: string[] }>;
    expect(interactions.map((i) => i.subject).sort()).toEqual(['品鉴会', '回访', '门店到访']);
    expect(interactions.find((i) => i.subject === '品鉴会')?.personIds).toEqual([other, survivor]);
    const lines = (await call('GET', `/api/v1/order-lines?personId=${survivor}`, undefined, 200)).items as unknown[];
    expect(lines).toHaveLength(3);

    // Later edits: a new order for the survivor, and the moved opportunity deliberately handed to someone else.
    await order(survivor, '5');
    await call('PATCH', `/api/v1/opportunities/${opportunity.id}`, { personId: other }, 200);

    await call('POST', `/api/v1/identity/merges/${merge.id}/undo`, {}, 200);
    const handedOn = `opportunity:${opportunity.id}`;
    const expectedMerged = before.merged.filter((r) => `${r.kind}:${r.id}` !== handedOn);
    expect(await holdings(merged)).toEqual(expectedMerged);
    const survivorNow = await holdings(survivor);
    expect(survivorNow.filter((r) => r.kind !== 'order' && r.kind !== 'order_line')).toEqual(before.survivor.filter((r) => r.kind !== 'order' && r.kind !== 'order_line'));
    expect(await ordersTotal(survivor)).toEqual({ count: 2, total: 25 });
    expect(await ordersTotal(merged)).toEqual({ count: 2, total: 40 });
    expect((await holdings(other)).map((r) => `${r.kind}:${r.id}`)).toContain(handedOn);

    // Audited: both events say what moved and name the survivor so the timeline shows them there too.
    const { rows } = await sql<{ type: string; payload: { recordsMoved?: Record<string, number>; recordsRestored?: number; prior?: { records?: Record<string, unknown> } } }>`
      SELECT type, payload FROM events WHERE type IN ('identity.person.merged', 'identity.person.unmerged') AND aggregate_id = ${merged} ORDER BY seq`.execute(t.database.db);
    expect(rows.map((r) => r.type)).toEqual(['identity.person.merged', 'identity.person.unmerged']);
    expect(rows[0]?.payload.recordsMoved).toEqual(merge.recordsMoved);
    expect(Object.keys(rows[0]?.payload.prior?.records ?? {}).sort()).toEqual(['commerce', 'engagement', 'sales']);
    // Everything but the opportunity handed on went back: 10 moved rows (the participant counted once).
    expect(rows[1]?.payload.recordsRestored).toBe(9);
  });
});

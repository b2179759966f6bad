import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: 'POST' | 'GET', url: string, payload?: Record<string, unknown>, status = 200) {
  const response = await t.call({ method, url, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json();
}

const people = [
  ['冯丽', '1988-02-03'], ['曹敏', '1979-11-20'], ['彭静', '1993-05-17'], ['韩雪', '1984-08-08'],
] as const;

describe('review decisions teach the model', () => {
  it('retrains from the decisions: a held-out similar pair then scores higher, and the model says what it learnt', async () => {
    // Same name and birth date, another mobile: uncertain pairs, which reviewers decide are the same person.
    for (const [k, [name, birthDate]] of people.entries()) {
      await call('POST', '/api/v1/identity/touchpoints', { source: 'portal', record: { name, mobile: `1370000${String(k).padStart(4, '0')}`, birthDate } }, 201);
      const second = await call('POST', '/api/v1/identity/touchpoints', { source: 'dealer:app', record: { name, mobile: `1360000${String(k).padStart(4, '0')}`, birthDate } }, 201);
      expect(second.review, name).not.toBeNull();
    }
    const queue = (await call('GET', '/api/v1/identity/review?limit=100')).items as Array<{ id: string }>;
    expect(queue.length).toBe(people.length);
    for (const pair of queue) await call('POST', `/api/v1/identity/review/${pair.id}/decision`, { decision: 'same', merge: false });

    const heldOut = { name: '邓琳', mobile: '13511112222', birthDate: '1991-09-09' };
    await call('POST', '/api/v1/identity/touchpoints', { source: 'portal', record: heldOut }, 201);
    const similar = { ...heldOut, mobile: '13599998888' };
    const before = (await call('POST', '/api/v1/identity/match', { record: similar })).candidates[0].probability as number;
    expect((await call('GET', '/api/v1/identity/model')).id).toBeNull();

    const retrained = await call('POST', '/api/v1/identity/model/retrain', { mWeight: 20 });
    expect(retrained).toMatchObject({ same: people.length, different: 0 });
    const conflict = (retrained.changes as Array<{ comparison: string; level: string; before: number; after: number }>).find((c) => c.comparison === 'phone' && c.level === 'mobile-conflict');
    expect(conflict && conflict.after > conflict.before).toBe(true);

    const after = (await call('POST', '/api/v1/identity/match', { record: similar })).candidates[0].probability as number;
    expect(after).toBeGreaterThan(before);
    const model = await call('GET', '/api/v1/identity/model');
    expect(model).toMatchObject({ id: retrained.id, same: people.length });
    expect(model.comparisons.find((c: { name: string }) => c.name === 'phone').levels.find((l: { level: string }) => l.level === 'mobile-conflict').weight).toBeCloseTo(conflict?.after ?? 0, 2);

    const bad = await t.call({ method: 'POST', url: '/api/v1/identity/model/retrain', payload: { mWeight: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/mWeight/);
  });
});

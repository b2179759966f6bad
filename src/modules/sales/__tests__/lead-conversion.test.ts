import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
});
afterAll(() => t.close());

const counts = async () => {
  const { rows } = await sql<{ people: number; organisations: number; memberships: number; opportunities: number; events: number }>`
    SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM organisations) AS organisations,
           (SELECT count(*)::int FROM memberships) AS memberships, (SELECT count(*)::int FROM opportunities) AS opportunities,
           (SELECT count(*)::int FROM events) AS events`.execute(t.database.db);
  return rows[0];
};
const newLead = async (name: string, company: string) => {
  const response = await t.call({ method: 'POST', url: '/api/v1/leads', payload: { name, company, phone: '13800001111', estimatedValue: '5000' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
};
const leadStatus = async (id: string) => (await t.call({ method: 'GET', url: `/api/v1/leads/${id}` })).json().status as string;

describe('lead conversion is one transaction', () => {
  it('a failure after the person and organisation were written leaves nothing behind and the lead unconverted', async () => {
    const lead = await newLead('吴敏', '宁波港联物流有限公司');
    const before = await counts();
    // The opportunity's write is the last step: make it fail after organisation, person and membership are written.
    const prepare = t.services.sales.opportunities.prepare;
    const spy = vi.spyOn(t.services.sales.opportunities, 'prepare').mockImplementation(async (...args) => {
      const write = await prepare(...args);
      return async (trx) => {
        const written = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people WHERE name = '吴敏'`.execute(trx);
        expect(written.rows[0]?.n).toBe(1); // the person really was written inside the transaction
        await write(trx);
        throw new Error('disk full');
      };
    });
    try {
      await expect(t.services.sales.leads.convert(t.ctx, lead.id, { createOrganisation: true })).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(await counts()).toEqual(before);
    expect(await leadStatus(lead.id)).toBe('new');

    // Once the fault is gone the same conversion succeeds, exactly once.
    const ok = await t.call({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await counts();
    expect([after?.people, after?.organisations, after?.memberships, after?.opportunities]).toEqual([(before?.people ?? 0) + 1, (before?.organisations ?? 0) + 1, (before?.memberships ?? 0) + 1, (before?.opportunities ?? 0) + 1]);
    const again = await t.call({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect([again.statusCode, errorOf(again).code]).toEqual([409, 'SALES.LEAD_ALREADY_CONVERTED']);
  });

  it('the stage gate or a bad organisation refuses the conversion before anything is written', async () => {
    const lead2 = await newLead('钱峰', '青岛北海机械有限公司');
    const before2 = await counts();
    const gatePipeline = await t.call({ method: 'POST', url: '/api/v1/pipelines', payload: { key: 'gated', name: 'Gated', kind: 'sales', stages: [{ key: 'start', name: 'Start', probability: 10, requiredFields: ['expectedCloseOn'] }, { key: 'won', name: 'Won', probability: 100, outcome: 'won' }] } });
    expect(gatePipeline.statusCode, gatePipeline.body).toBe(201);
    const refused = await t.call({ method: 'POST', url: `/api/v1/leads/${lead2.id}/convert`, payload: { opportunity: { pipeline: 'gated' } } });
    expect([refused.statusCode, errorOf(refused).code]).toEqual([422, 'SALES.STAGE_REQUIREMENTS_MISSING']);
    const badOrganisation = await t.call({ method: 'POST', url: `/api/v1/leads/${lead2.id}/convert`, payload: { organisationId: '01900000-0000-7000-8000-000000000000' } });
    expect([badOrganisation.statusCode, errorOf(badOrganisation).details]).toEqual([400, { field: 'organisationId' }]);
    const after = await counts();
    expect(after).toEqual({ ...before2, events: (before2?.events ?? 0) + 1 }); // only the pipeline's own event
    expect(await leadStatus(lead2.id)).toBe('new');
  });

  it('two conversions at once: one wins, the other gets 409, and only one person exists', async () => {
    const lead = await newLead('郑浩', '合肥星辰电子有限公司');
    const [a, b] = await Promise.all([1, 2].map(() => t.call({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} })));
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people WHERE name = '郑浩'`.execute(t.database.db);
    expect(rows[0]?.n).toBe(1);
  });
});

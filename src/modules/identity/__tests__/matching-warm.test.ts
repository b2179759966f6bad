import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

// The index built from the database (at start, or after an un-merge forgets it) holds every live person and every
// touchpoint of one — read in pages of fields extracted in SQL — and nobody deleted.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Candidate = { personId: string; probability: number };
const match = async (record: Record<string, string>) => {
  const response = await t.call({ method: 'POST', url: '/api/v1/identity/match', payload: { record } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().candidates as Candidate[];
};

describe('matching index warmed from the database', () => {
  it('finds a person by a phone only a source record carries, and never a deleted person', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '欧阳娜娜', phones: [{ number: '13600001234' }], birthday: '1990-03-04', addresses: [{ province: '浙江省', city: '杭州市', street: '文三路', detail: '5号' }] } });
    expect(created.statusCode, created.body).toBe(201);
    const person = created.json().id as string;
    await sql`INSERT INTO identity_touchpoints (tenant_id, id, touchpoint_key, person_id, source, raw, normalised, status, link_kind)
      VALUES (${DEFAULT_TENANT_ID}, gen_random_uuid(), 'warm-test', ${person}, 'dealer:hz', '{}',
        ${JSON.stringify({ name: '欧阳娜娜', phones: [{ e164: '+8613600005678' }], emails: ['nana@example.cn'], address: null, birthDate: '1990-03-04', company: null })}::jsonb, 'linked', 'matched')`.execute(t.database.db);
    const gone = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '司马光', phones: [{ number: '13600009999' }], birthday: '1970-01-02' } });
    expect(gone.statusCode, gone.body).toBe(201);
    expect((await t.call({ method: 'DELETE', url: `/api/v1/people/${gone.json().id}` })).statusCode).toBe(204);

    t.services.identity.matching.forget(DEFAULT_TENANT_ID);
    // No birth date: only the mobile blocking rule can find them, through the source record's phone.
    expect((await match({ name: '欧阳娜娜', mobile: '13600005678' }))[0]).toMatchObject({ personId: person });
    expect((await match({ name: '欧阳娜娜', mobile: '13600001234' }))[0]).toMatchObject({ personId: person });
    expect((await match({ name: '司马光', mobile: '13600009999', birthDate: '1970-01-02' })).map((c) => c.personId)).not.toContain(gone.json().id);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, payload: unknown) => t.call({ method: 'POST', url, payload: payload as Record<string, unknown> });

describe('consent per channel', () => {
  it('keeps every decision with its source, the latest one counting', async () => {
    const person = (await post('/api/v1/people', { name: '林小姐' })).json();
    await post(`/api/v1/people/${person.id}/consents`, { channel: 'sms', status: 'granted', source: '门店登记表', evidence: 'form-2024-001' });
    const after = (await post(`/api/v1/people/${person.id}/consents`, { channel: 'sms', status: 'withdrawn', source: '短信回复 TD' })).json();
    expect(after.current).toMatchObject({ sms: 'withdrawn', email: 'unknown' });
    expect(after.history.map((c: { status: string }) => c.status)).toEqual(['withdrawn', 'granted']);
    expect((await post(`/api/v1/people/${person.id}/consents`, { channel: 'pigeon', status: 'granted', source: 'x' })).statusCode).toBe(400);
  });
});

describe('export and erasure', () => {
  it('exports everything held about a person and records the export in the audit trail', async () => {
    const person = (await post('/api/v1/people', { name: '郑大伟', phones: [{ number: '13711112222' }] })).json();
    await post(`/api/v1/people/${person.id}/family-members`, { name: '郑小宝', relation: 'child' });
    const response = await t.call({ method: 'GET', url: `/api/v1/people/${person.id}/personal-data` });
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json();
    expect(data.sources.directory.person.phones[0].e164).toBe('+8613711112222');
    expect(data.sources.directory.familyMembers).toHaveLength(1);
    expect(data.sources.history.length).toBeGreaterThanOrEqual(2);
    const audit = (await t.call({ method: 'GET', url: `/api/v1/audit?objectId=${person.id}&type=audit.read` })).json();
    expect(audit.items[0].type).toBe('audit.read.personal_data_export');
  });

  it('anonymises a person everywhere, keeps the row for totals, and the audit chain still verifies', async () => {
    const person = (await post('/api/v1/people', { name: '黄秘密', birthday: '1970-01-02', phones: [{ number: '13699998888' }], emails: [{ address: 'secret@example.com' }], addresses: [{ province: '广东省', city: '深圳市', street: '深南大道', detail: '1号' }] })).json();
    await post(`/api/v1/people/${person.id}/family-members`, { name: '黄家人', relation: 'spouse' });
    expect((await post('/api/v1/audit/verify', undefined)).json().ok).toBe(true);
    const refused = await post(`/api/v1/people/${person.id}/erase`, { reason: 'request 42' });
    expect(refused.statusCode).toBe(400);
    const response = await post(`/api/v1/people/${person.id}/erase`, { reason: 'PIPL request 2026-11-23-42', confirm: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().erased).toMatchObject({ people: 1, familyMembers: 1 });
    const after = (await t.call({ method: 'GET', url: `/api/v1/people/${person.id}` })).json();
    expect(after).toMatchObject({ phones: [], emails: [], birthday: null, addresses: [] });
    expect(after.name).not.toContain('黄');
    expect((await t.call({ method: 'GET', url: '/api/v1/people/search?q=13699998888' })).json().items).toEqual([]);
    expect((await t.call({ method: 'GET', url: `/api/v1/people/search?q=${encodeURIComponent('黄秘密')}` })).json().items).toEqual([]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE aggregate_id = ${person.id} AND payload::text LIKE '%13699998888%'`.execute(t.database.db);
    expect(rows[0]?.n).toBe(0);
    expect((await post('/api/v1/audit/verify', undefined)).json()).toMatchObject({ ok: true });
    const edit = await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, payload: { name: '黄秘密' } });
    expect(edit.statusCode).toBe(409);
    expect(errorOf(edit).code).toBe('DIRECTORY.PERSON_ERASED');
  });

  it('applies retention rules: a dry run lists, a real run anonymises', async () => {
    const old = (await post('/api/v1/people', { name: '陈旧潜客', relationshipTypes: ['prospect'] })).json();
    const customer = (await post('/api/v1/people', { name: '老客户', relationshipTypes: ['customer'] })).json();
    await sql`UPDATE people SET updated_at = now() - interval '800 days' WHERE id IN (${old.id}, ${customer.id})`.execute(t.database.db);
    expect((await t.call({ method: 'PUT', url: '/api/v1/privacy/retention-rules', payload: { rules: [{ objectType: 'person', relationshipType: 'prospect', keepDays: 730 }] } })).statusCode).toBe(200);
    const dry = (await post('/api/v1/privacy/retention/run', { dryRun: true })).json();
    expect(dry.personIds).toEqual([old.id]);
    await post('/api/v1/privacy/retention/run', { dryRun: false });
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${old.id}` })).json().name).not.toBe('陈旧潜客');
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${customer.id}` })).json().name).toBe('老客户');
  });

  it('keeps export and erasure to administrators', async () => {
    const sys = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const user = await t.services.access.createUser(sys, { email: 'm@example.com', displayName: 'm', password: 'long enough password', roleKey: 'manager' });
    const { token } = await t.services.access.createApiTokenForEmail(user.email, 'x');
    const person = (await post('/api/v1/people', { name: '某人' })).json();
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${person.id}/personal-data`, auth: token })).statusCode).toBe(403);
    expect((await t.call({ method: 'POST', url: `/api/v1/people/${person.id}/erase`, auth: token, payload: { reason: 'xyz', confirm: true } })).statusCode).toBe(403);
  });
});

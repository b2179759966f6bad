import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { linkHash } from '../chain.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const verify = async () => (await t.call({ method: 'POST', url: '/api/v1/audit/verify' })).json();

describe('audit trail', () => {
  it('records every write with actor, request id, IP and before/after, searchable by object', async () => {
    const person = (await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '审计测试' } })).json();
    await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, payload: { notes: '改过' } });
    const page = (await t.call({ method: 'GET', url: `/api/v1/audit?objectType=person&objectId=${person.id}` })).json();
    expect(page.items.map((e: { type: string }) => e.type)).toEqual(['directory.person.updated', 'directory.person.created']);
    expect(page.items[0]).toMatchObject({ actorId: t.admin.id, ip: '127.0.0.1' });
    expect(page.items[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.items[0].details.changes.notes).toEqual({ before: null, after: '改过' });
  });

  it('seals into a chain that verifies, and pages back through history', async () => {
    for (let i = 0; i < 5; i++) await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: `链${i}` } });
    const report = await verify();
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    expect(report.checked).toBeGreaterThan(5);
    const first = (await t.call({ method: 'GET', url: '/api/v1/audit?limit=3&type=directory.person' })).json();
    const second = (await t.call({ method: 'GET', url: `/api/v1/audit?limit=3&type=directory.person&cursor=${first.nextCursor}` })).json();
    expect(first.items).toHaveLength(3);
    expect(new Set([...first.items, ...second.items].map((e: { id: string }) => e.id)).size).toBe(first.items.length + second.items.length);
  });

  it('detects an edited entry, naming its position', async () => {
    await verify();
    const { rows } = await sql<{ id: string; chainPos: string }>`SELECT id, chain_pos FROM events WHERE chain_pos IS NOT NULL ORDER BY chain_pos LIMIT 1 OFFSET 2`.execute(t.database.db);
    const target = rows[0]!;
    await sql`UPDATE events SET payload = jsonb_set(payload, '{forged}', 'true') WHERE id = ${target.id}`.execute(t.database.db);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ chainPos: target.chainPos, eventId: target.id, reason: expect.stringMatching(/changed/) });
    await sql`UPDATE events SET payload = payload - 'forged' WHERE id = ${target.id}`.execute(t.database.db);
    expect((await verify()).ok).toBe(true);
  });

  it('detects a deleted entry, and a forger who recomputes one hash but not the next link', async () => {
    const { rows } = await sql<{ id: string; chainPos: string; prevHash: string }>`SELECT id, chain_pos, prev_hash FROM events WHERE chain_pos IS NOT NULL ORDER BY chain_pos LIMIT 1 OFFSET 4`.execute(t.database.db);
    const target = rows[0]!;
    // The forger changes the payload, its digest and this link's hash consistently — only the next link can tell.
    await sql`UPDATE events SET payload = payload || '{"forged": true}'::jsonb WHERE id = ${target.id}`.execute(t.database.db);
    await sql`UPDATE events SET payload_digest = encode(sha256(convert_to(payload::text, 'UTF8')), 'hex') WHERE id = ${target.id}`.execute(t.database.db);
    const content = await sql<{ content: string }>`SELECT json_build_array(tenant_id, id, seq, type, aggregate_type, aggregate_id, actor_id, request_id, ip, (extract(epoch from occurred_at) * 1000000)::bigint, payload_digest)::text AS content FROM events WHERE id = ${target.id}`.execute(t.database.db);
    await sql`UPDATE events SET hash = ${linkHash(target.prevHash, content.rows[0]!.content)} WHERE id = ${target.id}`.execute(t.database.db);
    const forged = await verify();
    expect(forged.ok).toBe(false);
    expect(forged.problem.reason).toMatch(/link/);
    await sql`DELETE FROM events WHERE id = ${target.id}`.execute(t.database.db);
    const deleted = await verify();
    expect(deleted.ok).toBe(false);
    expect(deleted.problem.reason).toMatch(/missing/);
  });

  it('keeps the trail to administrators', async () => {
    const sys = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const user = await t.services.access.createUser(sys, { email: 'rep@example.com', displayName: 'rep', password: 'long enough password', roleKey: 'sales' });
    const { token } = await t.services.access.createApiTokenForEmail(user.email, 'x');
    expect((await t.call({ method: 'GET', url: '/api/v1/audit', auth: token })).statusCode).toBe(403);
  });
});

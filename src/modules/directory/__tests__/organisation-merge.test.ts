import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, payload?: Record<string, unknown>, status = 201, headers: Record<string, string> = {}, auth?: string) {
  const response = await t.call({ method, url, headers, ...(payload ? { payload } : {}), ...(auth ? { auth } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json();
}
const organisation = async (payload: Record<string, unknown>) => (await call('POST', '/api/v1/organisations', payload)).id as string;
const person = async (name: string) => (await call('POST', '/api/v1/people', { name })).id as string;

// Every table whose rows name an organisation, with the column that does.
const REFERENCES: Array<[string, string]> = [
  ['memberships', 'organisation_id'], ['key_dates', 'organisation_id'], ['interactions', 'organisation_id'], ['tasks', 'organisation_id'],
  ['opportunities', 'organisation_id'], ['leads', 'converted_organisation_id'], ['quotes', 'organisation_id'], ['contracts', 'organisation_id'],
  ['orders', 'organisation_id'], ['order_lines', 'organisation_id'], ['receivables', 'organisation_id'], ['payables', 'partner_organisation_id'],
];

/**
 * Full rows of everything naming either organisation, the two organisations and their search terms. updated_at and
 * version are left out: a move and its undo are writes, so they advance (a client holding an old version gets 412).
 */
async function snapshot(ids: string[]) {
  const strip = sql`- 'updated_at' - 'version' - 'updated_by'`;
  const rows: Record<string, unknown[]> = {};
  for (const [table, column] of REFERENCES) {
    const { rows: found } = await sql<{ row: unknown }>`SELECT to_jsonb(x) ${strip} AS row FROM ${sql.table(table)} x WHERE ${sql.ref(column)} = ANY(${ids}::uuid[]) ORDER BY id`.execute(t.database.db);
    rows[table] = found.map((r) => r.row);
  }
  rows.organisations = (await sql<{ row: unknown }>`SELECT to_jsonb(o) ${strip} AS row FROM organisations o WHERE id = ANY(${ids}::uuid[]) ORDER BY id`.execute(t.database.db)).rows.map((r) => r.row);
  rows.searchTerms = (await sql<{ row: unknown }>`SELECT to_jsonb(s) AS row FROM search_terms s WHERE entity_id = ANY(${ids}::uuid[]) ORDER BY entity_id, term, field`.execute(t.database.db)).rows.map((r) => r.row);
  return rows;
}
const count = async (table: string, column: string, id: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${id}`.execute(t.database.db)).rows[0]?.n);
const etag = async (id: string) => (await t.call({ method: 'GET', url: `/api/v1/organisations/${id}` })).headers.etag as string;

/** Two records of one company, each with people, history and documents; returns their ids. */
async function twins(suffix: string) {
  const survivor = await organisation({ name: `华为技术有限公司${suffix}`, tags: ['客户'], phones: [{ number: '0755-28780808' }] });
  const duplicate = await organisation({ name: `華為技術有限公司${suffix}`, legalName: `华为技术有限公司${suffix}`, website: 'https://www.huawei.com', tags: ['客户', '战略'], phones: [{ number: '0755-28780808' }, { number: '13800138000' }], custom: {} });
  const both = await person(`王伟${suffix}`);
  const onlyDuplicate = await person(`李娜${suffix}`);
  await call('POST', `/api/v1/people/${both}/organisations`, { organisationId: survivor, title: '采购经理' });
  await call('POST', `/api/v1/people/${both}/organisations`, { organisationId: duplicate, title: '采購經理', isPrimary: true });
  await call('POST', `/api/v1/people/${onlyDuplicate}/organisations`, { organisationId: duplicate, title: '财务' });
  await call('POST', '/api/v1/key-dates', { organisationId: duplicate, kind: 'founding', date: '1987-09-15' });
  await call('POST', '/api/v1/interactions', { channel: 'visit', subject: '拜访总部', organisationId: duplicate, personIds: [both] });
  await call('POST', '/api/v1/interactions', { channel: 'phone', subject: '电话', organisationId: survivor, personIds: [both] });
  await call('POST', '/api/v1/tasks', { title: '寄送合同', organisationId: duplicate });
  const opportunity = await call('POST', '/api/v1/opportunities', { name: '年度采购', organisationId: duplicate });
  await call('POST', '/api/v1/quotes', { organisationId: duplicate, lines: [{ description: '服务器', quantity: '2', unitPrice: '5000' }] });
  await call('POST', '/api/v1/contracts', { organisationId: duplicate, title: '框架协议', value: '100000' });
  const order = await call('POST', '/api/v1/orders', { organisationId: duplicate, orderedOn: '2026-03-01', lines: [{ description: '交换机', quantity: '1', unitPrice: '800' }] });
  await call('POST', '/api/v1/receivables', { organisationId: duplicate, amount: '800', issuedOn: '2026-03-02', orderId: order.id });
  await call('POST', '/api/v1/payables', { kind: 'supplier', partnerOrganisationId: duplicate, description: '渠道服务费', amount: '50' });
  await sql`INSERT INTO leads (tenant_id, id, name, converted_organisation_id) VALUES (${DEFAULT_TENANT_ID}, gen_random_uuid(), ${`线索${suffix}`}, ${duplicate})`.execute(t.database.db);
  return { survivor, duplicate, both, onlyDuplicate, opportunityId: opportunity.id as string };
}

describe('organisation merge moves every row naming the duplicate; un-merge restores exactly', () => {
  it('moves, collapses, fills fields, and un-merge gives back the same rows', async () => {
    const { survivor, duplicate, both } = await twins('A');
    const before = await snapshot([survivor, duplicate]);

    const preview = await call('GET', `/api/v1/organisations/${survivor}/merge-preview?duplicateId=${duplicate}`, undefined, 200);
    expect(await snapshot([survivor, duplicate])).toEqual(before); // a preview changes nothing

    const merge = await call('POST', `/api/v1/organisations/${survivor}/merge`, { duplicateId: duplicate }, 201, { 'if-match': await etag(survivor) });
    const expectedMoved = { memberships: 1, membershipsCollapsed: 1, keyDates: 1, interactions: 1, tasks: 1, opportunities: 1, leads: 1, quotes: 1, contracts: 1, orders: 1, orderLines: 1, receivables: 1, payables: 1 };
    expect(merge.moved).toEqual(expectedMoved);
    expect(preview.moved).toEqual(expectedMoved);
    expect(merge.fieldsTaken.sort()).toEqual(['legalName', 'phones', 'tags', 'website']);
    for (const [table, column] of REFERENCES) expect(await count(table, column, duplicate), table).toBe(0);

    const merged = await call('GET', `/api/v1/organisations/${survivor}`, undefined, 200);
    expect(merged.legalName).toBe('华为技术有限公司A');
    expect(merged.tags).toEqual(['客户', '战略']);
    expect(merged.phones.map((p: { e164: string }) => p.e164)).toEqual(['+8675528780808', '+8613800138000']);
    expect((await t.call({ method: 'GET', url: `/api/v1/organisations/${duplicate}` })).statusCode).toBe(404);
    const people = (await call('GET', `/api/v1/organisations/${survivor}/people`, undefined, 200)).items as Array<{ personId: string; title: string; isPrimary: boolean }>;
    expect(people).toHaveLength(2);
    expect(people.find((m) => m.personId === both)).toMatchObject({ title: '采购经理', isPrimary: true });
    const duplicateRow = (await sql<{ mergedIntoId: string | null }>`SELECT merged_into_id FROM organisations WHERE id = ${duplicate}`.execute(t.database.db)).rows[0];
    expect(duplicateRow?.mergedIntoId).toBe(survivor);

    // Listed for both records; restore of a merged-away organisation is refused (un-merge is the way back).
    const listed = (await call('GET', `/api/v1/organisations/${duplicate}/merges`, undefined, 200)).items;
    expect(listed).toMatchObject([{ id: merge.id, survivorId: survivor, duplicateId: duplicate, survivorName: '华为技术有限公司A', undoneAt: null }]);
    expect((await call('GET', `/api/v1/organisations/${survivor}/merges`, undefined, 200)).items).toHaveLength(1);
    expect(errorOf(await t.call({ method: 'POST', url: `/api/v1/organisations/${duplicate}/restore` })).code).toBe('DIRECTORY.ORGANISATION_MERGED');

    const undone = await call('POST', `/api/v1/organisations/merges/${merge.id}/unmerge`, {}, 200);
    expect(undone.restored).toEqual(expectedMoved);
    expect(await snapshot([survivor, duplicate])).toEqual(before);

    const again = await t.call({ method: 'POST', url: `/api/v1/organisations/merges/${merge.id}/unmerge` });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('DIRECTORY.MERGE_ALREADY_UNDONE');

    // The audit trail: both in the outbox, naming the survivor too so its timeline shows them.
    const { rows: events } = await sql<{ type: string; payload: { subjects: unknown } }>`SELECT type, payload FROM events WHERE aggregate_id = ${duplicate} AND type LIKE 'directory.organisation.%merged' ORDER BY seq`.execute(t.database.db);
    expect(events.map((e) => e.type)).toEqual(['directory.organisation.merged', 'directory.organisation.unmerged']);
    for (const event of events) expect(event.payload.subjects).toEqual([{ type: 'organisation', id: survivor }]);
  });

  it('refuses an un-merge a later change makes inexact (409), and changes nothing', async () => {
    const { survivor, duplicate, opportunityId } = await twins('B');
    const merge = await call('POST', `/api/v1/organisations/${survivor}/merge`, { duplicateId: duplicate });
    const other = await organisation({ name: '中兴通讯B' });
    await call('PATCH', `/api/v1/opportunities/${opportunityId}`, { organisationId: other }, 200);
    const held = await snapshot([survivor, duplicate, other]);
    const refused = await t.call({ method: 'POST', url: `/api/v1/organisations/merges/${merge.id}/unmerge` });
    expect(refused.statusCode).toBe(409);
    const error = errorOf(refused);
    expect(error.code).toBe('DIRECTORY.UNMERGE_NOT_EXACT');
    expect(error.details).toMatchObject({ records: { sales: { opportunities: [opportunityId] } } });
    expect(await snapshot([survivor, duplicate, other])).toEqual(held); // everything put back before the refusal was rolled back

    // Put back by hand: now it can be undone; a filled-in field edited since refuses too.
    await call('PATCH', `/api/v1/opportunities/${opportunityId}`, { organisationId: survivor }, 200);
    await call('PATCH', `/api/v1/organisations/${survivor}`, { website: 'https://huawei.example' }, 200);
    const fields = await t.call({ method: 'POST', url: `/api/v1/organisations/merges/${merge.id}/unmerge` });
    expect(fields.statusCode).toBe(409);
    expect(errorOf(fields).details).toMatchObject({ fields: ['website'] });
    await call('PATCH', `/api/v1/organisations/${survivor}`, { website: 'https://www.huawei.com' }, 200);
    await call('POST', `/api/v1/organisations/merges/${merge.id}/unmerge`, {}, 200);
  });

  it('refuses self-merge, a merged duplicate, a stale If-Match, and one the actor may not see', async () => {
    const a = await organisation({ name: '阿里巴巴' });
    const b = await organisation({ name: '阿裏巴巴' });
    const c = await organisation({ name: 'Alibaba' });
    const self = await t.call({ method: 'POST', url: `/api/v1/organisations/${a}/merge`, payload: { duplicateId: a } });
    expect([self.statusCode, errorOf(self).code]).toEqual([400, 'DIRECTORY.MERGE_SAME_ORGANISATION']);
    const staleVersion = await t.call({ method: 'POST', url: `/api/v1/organisations/${a}/merge`, payload: { duplicateId: b }, headers: { 'if-match': '"99"' } });
    expect([staleVersion.statusCode, errorOf(staleVersion).code]).toEqual([412, 'DIRECTORY.STALE_VERSION']);
    await call('POST', `/api/v1/organisations/${a}/merge`, { duplicateId: b });
    const twice = await t.call({ method: 'POST', url: `/api/v1/organisations/${c}/merge`, payload: { duplicateId: b } });
    expect([twice.statusCode, errorOf(twice).code]).toEqual([409, 'DIRECTORY.ALREADY_MERGED']);
    const intoMerged = await t.call({ method: 'POST', url: `/api/v1/organisations/${b}/merge`, payload: { duplicateId: c } });
    expect([intoMerged.statusCode, errorOf(intoMerged).code]).toEqual([409, 'DIRECTORY.ALREADY_MERGED']);

    // A sales rep sees only their own organisations: another's is 404 (as if missing), in either role.
    const sys = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    const rep = await t.services.access.createUser(sys, { email: 'rep-orgmerge@example.com', displayName: 'rep', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const mine = (await call('POST', '/api/v1/organisations', { name: '腾讯' }, 201, {}, token)).id as string;
    const notMine = await organisation({ name: '騰訊' });
    for (const [survivorId, duplicateId] of [[mine, notMine], [notMine, mine]] as const) {
      const hidden = await t.call({ method: 'POST', url: `/api/v1/organisations/${survivorId}/merge`, payload: { duplicateId }, auth: token });
      expect([hidden.statusCode, errorOf(hidden).code]).toEqual([404, 'DIRECTORY.ORGANISATION_NOT_FOUND']);
    }
    expect(await count('organisations', 'merged_into_id', mine)).toBe(0);
  });

  it('rolls back the whole merge when a step fails', async () => {
    const { survivor, duplicate } = await twins('C');
    const before = await snapshot([survivor, duplicate]);
    // A trigger makes the last relinker's table refuse the move: everything moved before it must come back.
    await sql`CREATE FUNCTION refuse_payables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`.execute(t.database.db);
    await sql`CREATE TRIGGER refuse_payables BEFORE UPDATE ON payables FOR EACH ROW EXECUTE FUNCTION refuse_payables()`.execute(t.database.db);
    try {
      const failed = await t.call({ method: 'POST', url: `/api/v1/organisations/${survivor}/merge`, payload: { duplicateId: duplicate } });
      expect(failed.statusCode).toBe(500);
    } finally {
      await sql`DROP TRIGGER refuse_payables ON payables`.execute(t.database.db);
      await sql`DROP FUNCTION refuse_payables()`.execute(t.database.db);
    }
    expect(await snapshot([survivor, duplicate])).toEqual(before);
    expect((await call('GET', `/api/v1/organisations/${survivor}/merges`, undefined, 200)).items).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
let teamId = '';

async function user(key: string) {
  const created = await t.services.access.createUser({ tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined }, { email: `${key}@views.test`, displayName: key, password: 'long enough password', roleKey: 'sales' });
  tokens[key] = (await t.services.access.createApiTokenForEmail(created.email, 'views')).token;
  return created.id;
}
const as = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>) =>
  t.call({ method, url, auth: tokens[who], ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), ...(headers ? { headers } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  const [ann, ben] = [await user('ann'), await user('ben')];
  await user('cat'); // in no team
  teamId = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: '华东组' } })).json().id;
  for (const member of [ann, ben]) await t.call({ method: 'POST', url: `/api/v1/teams/${teamId}/members`, payload: { userId: member } });
});
afterAll(() => t.close());

describe('saved views', () => {
  it('keeps a view per user with its filters, sort and columns', async () => {
    const created = await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '上海的客户', filters: { city: '上海市', tag: ['VIP'], cf: ['vip_level:eq:gold'] }, sort: '-createdAt', columns: ['name', 'custom.vip_level'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/saved-views/${created.json().id}`);
    expect(created.json()).toMatchObject({ name: '上海的客户', mine: true, teamId: null, filters: { city: '上海市', tag: ['VIP'], cf: ['vip_level:eq:gold'] }, sort: '-createdAt', columns: ['name', 'custom.vip_level'], version: 1 });
    expect((await as('ann', 'GET', '/api/v1/saved-views?objectType=person')).json().items.map((v: { name: string }) => v.name)).toEqual(['上海的客户']);
    // Another user's list does not show it, and the view itself answers as missing.
    expect((await as('ben', 'GET', '/api/v1/saved-views?objectType=person')).json().items).toEqual([]);
    expect(errorOf(await as('ben', 'GET', `/api/v1/saved-views/${created.json().id}`)).code).toBe('VIEWS.VIEW_NOT_FOUND');
    expect((await as('ann', 'GET', '/api/v1/saved-views?objectType=organisation')).json().items).toEqual([]);
  });

  it('refuses a duplicate name and bad input, naming the field, and keeps what was saved', async () => {
    const again = await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '上海的客户' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'VIEWS.NAME_TAKEN', details: { field: 'name' } });
    const badFilter = await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'person', name: 'x', filters: { 'bad key!': 'x' } });
    expect(badFilter.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badFilter).details)).toContain('filters');
    const noName = await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '  ' });
    expect(noName.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(noName).details)).toContain('name');
    expect((await as('ann', 'GET', '/api/v1/saved-views?objectType=person')).json().items).toHaveLength(1);
  });

  it('shares with a team: members see and apply it, only the owner changes it', async () => {
    const outside = await as('cat', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '借用', teamId });
    expect(outside.statusCode).toBe(400);
    expect(errorOf(outside)).toMatchObject({ code: 'VIEWS.NOT_YOUR_TEAM', details: { field: 'teamId' } });
    const view = (await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '本组重点', teamId, filters: { relationshipType: 'customer' } })).json();
    const seen = (await as('ben', 'GET', '/api/v1/saved-views?objectType=person')).json().items;
    expect(seen).toMatchObject([{ name: '本组重点', mine: false, teamId }]);
    expect((await as('cat', 'GET', '/api/v1/saved-views?objectType=person')).json().items).toEqual([]);
    expect(errorOf(await as('ben', 'PATCH', `/api/v1/saved-views/${view.id}`, { name: '改名' })).code).toBe('VIEWS.NOT_OWNER');
    expect((await as('ben', 'DELETE', `/api/v1/saved-views/${view.id}`)).statusCode).toBe(403);
    expect((await as('cat', 'DELETE', `/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
    // Ben's own view of the same name is allowed: names are unique per owner.
    expect((await as('ben', 'POST', '/api/v1/saved-views', { objectType: 'person', name: '本组重点' })).statusCode).toBe(201);
    expect((await as('ben', 'GET', '/api/v1/saved-views?objectType=person')).json().items.map((v: { mine: boolean }) => v.mine)).toEqual([true, false]);
  });

  it('changes with If-Match (a stale version answers 412) and deletes', async () => {
    const view = (await as('ann', 'POST', '/api/v1/saved-views', { objectType: 'organisation', name: '台湾公司', filters: { province: '台湾省' } })).json();
    const changed = await as('ann', 'PATCH', `/api/v1/saved-views/${view.id}`, { filters: { province: '台湾省', tag: ['重点'] }, columns: ['name'] }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ name: '台湾公司', filters: { province: '台湾省', tag: ['重点'] }, columns: ['name'], version: 2 });
    const stale = await as('ann', 'PATCH', `/api/v1/saved-views/${view.id}`, { name: '旧的' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect((await as('ann', 'GET', `/api/v1/saved-views/${view.id}`)).json().name).toBe('台湾公司');
    expect(errorOf(await as('ann', 'PATCH', `/api/v1/saved-views/${view.id}`, { teamId: '00000000-0000-7000-8000-00000000abcd' })).code).toBe('VIEWS.NOT_YOUR_TEAM');
    expect((await as('ann', 'DELETE', `/api/v1/saved-views/${view.id}`, undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expect((await as('ann', 'GET', `/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
    const events = (await t.call({ method: 'GET', url: `/api/v1/audit?objectId=${view.id}` })).json().items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['views.saved_view.created', 'views.saved_view.updated', 'views.saved_view.deleted']));
  });
});

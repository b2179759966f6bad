import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { nextOccurrence } from '../relations.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, payload: unknown) => t.call({ method: 'POST', url, payload: payload as Record<string, unknown> });

describe('custom fields', () => {
  beforeAll(async () => {
    for (const def of [
      { objectType: 'person', key: 'level', label: { 'zh-CN': '会员等级', en: 'Level' }, type: 'select', options: [{ value: 'gold' }, { value: 'silver' }] },
      { objectType: 'person', key: 'annual_spend', label: { en: 'Annual spend' }, type: 'number' },
      { objectType: 'person', key: 'interests', label: { 'zh-CN': '兴趣' }, type: 'multi_select', options: [{ value: 'golf' }, { value: 'tea' }] },
      { objectType: 'person', key: 'credit', label: { en: 'Credit' }, type: 'money' },
    ]) {
      const response = await post('/api/v1/custom-fields', def);
      expect(response.statusCode, response.body).toBe(201);
    }
  });

  it('refuses a duplicate key with 409 and a select without options with 400', async () => {
    const dup = await post('/api/v1/custom-fields', { objectType: 'person', key: 'level', label: { en: 'x' }, type: 'text' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).code).toBe('DIRECTORY.CUSTOM_FIELD_EXISTS');
    const noOptions = await post('/api/v1/custom-fields', { objectType: 'person', key: 'tier', label: { en: 'x' }, type: 'select' });
    expect(noOptions.statusCode).toBe(400);
    expect(errorOf(noOptions).message).toMatch(/options/);
  });

  it('validates values against their definitions, naming custom.<key>', async () => {
    const wrongOption = await post('/api/v1/people', { name: '周杰', custom: { level: 'platinum' } });
    expect(wrongOption.statusCode).toBe(400);
    expect(errorOf(wrongOption).message).toMatch(/^custom\.level/);
    const unknown = await post('/api/v1/people', { name: '周杰', custom: { shoe_size: 42 } });
    expect(errorOf(unknown).message).toMatch(/^custom\.shoe_size/);
    const badMoney = await post('/api/v1/people', { name: '周杰', custom: { credit: { amount: 12.5, currency: 'CNY' } } });
    expect(errorOf(badMoney).message).toMatch(/^custom\.credit/);
  });

  it('filters and sorts by custom fields with their types', async () => {
    await post('/api/v1/people', { name: '甲', custom: { level: 'gold', annual_spend: 900, interests: ['golf'] } });
    await post('/api/v1/people', { name: '乙', custom: { level: 'silver', annual_spend: 10000, interests: ['tea', 'golf'] } });
    await post('/api/v1/people', { name: '丙', custom: { level: 'gold', annual_spend: 50 } });
    const gold = await t.call({ method: 'GET', url: '/api/v1/people?cf=level:eq:gold&sort=-custom.annual_spend' });
    expect(gold.statusCode, gold.body).toBe(200);
    expect(gold.json().items.map((p: { name: string }) => p.name)).toEqual(['甲', '丙']);
    // Keys inside jsonb come back exactly as defined (no snake → camel renaming).
    expect(gold.json().items[0].custom).toEqual({ level: 'gold', annual_spend: 900, interests: ['golf'] });
    // Numeric, not text, comparison: 10000 > 900.
    const big = await t.call({ method: 'GET', url: '/api/v1/people?cf=annual_spend:gt:899' });
    expect(big.json().items.map((p: { name: string }) => p.name).sort()).toEqual(['乙', '甲'].sort());
    const golf = await t.call({ method: 'GET', url: '/api/v1/people?cf=interests:contains:golf' });
    expect(golf.json().items).toHaveLength(2);
    const bad = await t.call({ method: 'GET', url: '/api/v1/people?cf=annual_spend:gt:lots' });
    expect(bad.statusCode).toBe(400);
  });

  it('clears a value with null on PATCH', async () => {
    const created = (await post('/api/v1/people', { name: '丁', custom: { level: 'gold' } })).json();
    const patched = await t.call({ method: 'PATCH', url: `/api/v1/people/${created.id}`, payload: { custom: { level: null } } });
    expect(patched.json().custom).toEqual({});
  });
});

describe('organisations, memberships, family and key dates', () => {
  it('links a person to several organisations with titles, and lists both ways', async () => {
    const person = (await post('/api/v1/people', { name: '黄磊' })).json();
    const a = (await post('/api/v1/organisations', { name: '上海华通机电有限公司', relationshipTypes: ['customer'], address: { province: '上海市', city: '上海市', district: '浦东新区' } })).json();
    const b = (await post('/api/v1/organisations', { name: 'Acme Trading', relationshipTypes: ['distributor'] })).json();
    expect(a.namePinyin).toMatch(/^shanghai/);
    expect((await post(`/api/v1/people/${person.id}/organisations`, { organisationId: a.id, title: '采购经理', role: 'buyer', isPrimary: true })).statusCode).toBe(201);
    expect((await post(`/api/v1/people/${person.id}/organisations`, { organisationId: b.id, title: 'Board member' })).statusCode).toBe(201);
    const dup = await post(`/api/v1/people/${person.id}/organisations`, { organisationId: a.id });
    expect(dup.statusCode).toBe(409);
    const mine = (await t.call({ method: 'GET', url: `/api/v1/people/${person.id}/organisations` })).json().items;
    expect(mine.map((m: { organisationName: string }) => m.organisationName)).toEqual(['上海华通机电有限公司', 'Acme Trading']);
    const staff = (await t.call({ method: 'GET', url: `/api/v1/organisations/${a.id}/people` })).json().items;
    expect(staff).toEqual([expect.objectContaining({ personName: '黄磊', title: '采购经理' })]);
    const filtered = (await t.call({ method: 'GET', url: `/api/v1/people?organisationId=${a.id}` })).json().items;
    expect(filtered.map((p: { name: string }) => p.name)).toEqual(['黄磊']);
    const unknownOrg = await post(`/api/v1/people/${person.id}/organisations`, { organisationId: '01900000-0000-7000-8000-000000000000' });
    expect(unknownOrg.statusCode).toBe(400);
    const orgSearch = (await t.call({ method: 'GET', url: `/api/v1/organisations?q=${encodeURIComponent('華通')}` })).json().items;
    expect(orgSearch.map((o: { name: string }) => o.name)).toEqual(['上海华通机电有限公司']);
  });

  it('keeps family members and key dates, and lists what is coming up', async () => {
    const person = (await post('/api/v1/people', { name: '孙丽' })).json();
    const child = await post(`/api/v1/people/${person.id}/family-members`, { name: '孙小宝', relation: 'child', birthday: '2018-03-02' });
    expect(child.statusCode).toBe(201);
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${person.id}/family-members` })).json().items).toHaveLength(1);
    const today = new Date();
    const soon = new Date(today.getTime() + 5 * 86400_000);
    const anniversary = `2010-${String(soon.getUTCMonth() + 1).padStart(2, '0')}-${String(soon.getUTCDate()).padStart(2, '0')}`;
    const created = await post('/api/v1/key-dates', { personId: person.id, kind: 'wedding', date: anniversary });
    expect(created.statusCode, created.body).toBe(201);
    const upcoming = (await t.call({ method: 'GET', url: '/api/v1/key-dates?upcomingDays=7' })).json().items;
    expect(upcoming.map((d: { personId: string }) => d.personId)).toContain(person.id);
    const both = await post('/api/v1/key-dates', { kind: 'other', date: '2024-01-01' });
    expect(both.statusCode).toBe(400);
  });

  it('computes the next occurrence of yearly dates, 29 February included', () => {
    const today = new Date(Date.UTC(2026, 10, 23));
    expect(nextOccurrence('1985-12-01', today)).toBe('2026-12-01');
    expect(nextOccurrence('1985-01-10', today)).toBe('2027-01-10');
    expect(nextOccurrence('1985-11-23', today)).toBe('2026-11-23');
    expect(nextOccurrence('2000-02-29', today)).toBe('2027-02-28');
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { createIdentityService } from '../identity.service.ts';
import { createPersonReads } from '../../directory/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]?.n ?? 0;

describe('touchpoints and real-time matching', () => {
  let personId = '';

  it('stores a record as received, normalised, and creates a person when it matches nobody', async () => {
    const response = await t.call({
      method: 'POST',
      url: '/api/v1/identity/touchpoints',
      payload: { source: 'web_form', key: 'form-1', record: { name: '張偉', mobile: '138 0013 8000', email: ' Zhang.Wei@Example.com ', address: '广东省广州市天河区天河路385号', birthDate: '1985年6月15日' } },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.created).toBe(true);
    expect(body.touchpoint).toMatchObject({ source: 'web_form', linkKind: 'created', raw: { name: '張偉', mobile: '138 0013 8000' } });
    expect(body.touchpoint.normalised).toMatchObject({ phones: [{ e164: '+8613800138000', kind: 'mobile' }], emails: ['zhang.wei@example.com'], birthDate: '1985-06-15' });
    expect(body.touchpoint.normalised.address).toMatchObject({ city: '广州', street: '天河路', number: '385' });
    personId = body.touchpoint.personId;
    const person = await t.call({ method: 'GET', url: `/api/v1/people/${personId}` });
    expect(person.statusCode).toBe(200);
    expect(person.json()).toMatchObject({ name: '張偉', birthday: '1985-06-15', source: 'web_form' });
  });

  it('sending the same keyed record again stores nothing twice', async () => {
    const before = await count('identity_touchpoints');
    const again = await t.call({ method: 'POST', url: '/api/v1/identity/touchpoints', payload: { source: 'web_form', key: 'form-1', record: { name: '張偉', mobile: '138 0013 8000' } } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().created).toBe(false);
    expect(await count('identity_touchpoints')).toBe(before);
  });

  it('matches a variant before it is saved, with a per-field explanation', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/identity/match', payload: { record: { name: 'Wei Zhang', mobile: '+86 138-0013-8000', birthDate: '1985/6/15' } } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.decision).toBe('link');
    const [best] = body.candidates;
    expect(best).toMatchObject({ personId, decision: 'same' });
    expect(best.probability).toBeGreaterThan(0.95);
    const phone = best.explanation.fields.find((f: { comparison: string }) => f.comparison === 'phone');
    expect(phone).toMatchObject({ level: 'mobile' });
    expect(phone.weight).toBeGreaterThan(0);
  });

  it('links a later record from another source to the same person, and lists its source records with a golden record', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/identity/touchpoints', payload: { source: 'dealer:广州4S', record: { name: '张伟', mobile: '13800138000', email: 'zw@dealer.cn', birthDate: '19850615' } } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().touchpoint).toMatchObject({ personId, linkKind: 'matched' });
    expect(response.json().touchpoint.explanation.fields.length).toBeGreaterThan(0);
    const list = await t.call({ method: 'GET', url: `/api/v1/people/${personId}/touchpoints` });
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.items).toHaveLength(2);
    expect(body.golden.email).toMatchObject({ value: 'zw@dealer.cn', rule: 'most_recent', source: 'dealer:广州4S' });
    expect(body.golden.birthDate).toMatchObject({ value: '1985-06-15', rule: 'most_trusted', source: 'web_form' });
  });

  it('sees people created through the directory (from the outbox), not only its own', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '李娜', phones: [{ number: '139 1234 5678' }], birthday: '1990-01-02' } });
    expect(created.statusCode).toBe(201);
    const response = await t.call({ method: 'POST', url: '/api/v1/identity/match', payload: { record: { name: '李娜', mobile: '13912345678' } } });
    expect(response.json().candidates[0]).toMatchObject({ personId: created.json().id });
  });

  it('on person create: records an api touchpoint and queues a likely duplicate for review (warn mode)', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '张伟', phones: [{ number: '13800138000' }], birthday: '1985-06-15' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const sources = (await t.call({ method: 'GET', url: `/api/v1/people/${id}/touchpoints` })).json();
    expect(sources.items).toMatchObject([{ source: 'api', linkKind: 'created' }]);
    const queue = (await t.call({ method: 'GET', url: '/api/v1/identity/review' })).json().items as Array<{ leftId: string; rightId: string; probability: number }>;
    const pair = queue.find((p) => [p.leftId, p.rightId].includes(id));
    expect(pair && [pair.leftId, pair.rightId]).toContain(personId);
  });

  it('in block mode refuses, before saving, a person that is already there', async () => {
    const blocking = createIdentityService({ db: t.database.db, directory: t.services.directory, people: createPersonReads(t.database.db), phoneRegion: 'CN', onPersonCreate: 'block' });
    await expect(blocking.personHooks.beforeCreate?.(t.ctx, { name: '張偉', phones: [{ number: '+86 138 0013 8000' }], birthday: '1985-06-15' }, '01900000-0000-7000-8000-000000000001')).rejects.toMatchObject({ code: 'IDENTITY.LIKELY_DUPLICATE' });
    await expect(blocking.personHooks.beforeCreate?.(t.ctx, { name: '新人', phones: [{ number: '13100001111' }] }, '01900000-0000-7000-8000-000000000002')).resolves.toBeUndefined();
  });

  it('refuses bad input with the error envelope, never a 500', async () => {
    const phone = await t.call({ method: 'POST', url: '/api/v1/identity/match', payload: { record: { name: '王芳', mobile: '12' } } });
    expect(phone.statusCode).toBe(400);
    expect(errorOf(phone).message).toMatch(/^mobile/);
    const extra = await t.call({ method: 'POST', url: '/api/v1/identity/match', payload: { record: { name: '王芳', shoeSize: 42 } } });
    expect(extra.statusCode).toBe(400);
    const source = await t.call({ method: 'POST', url: '/api/v1/identity/touchpoints', payload: { source: 'nowhere', record: { name: '王芳' } } });
    expect(source.statusCode).toBe(400);
    const missing = await t.call({ method: 'GET', url: '/api/v1/people/01900000-0000-7000-8000-000000000000/touchpoints' });
    expect(missing.statusCode).toBe(404);
  });
});

/**
 * A role that sees phones masked (and birthdays hidden) on the profile sees them the same way in identity's
 * views: source records, golden record and the values quoted in match explanations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';
import { identityFieldRules, maskExplanation } from '../field-rules.ts';

let t: TestApp;
let financeToken = '';
let personId = '';
beforeAll(async () => {
  t = await createTestApp();
  const sys = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
  const user = await t.services.access.createUser(sys, { email: 'fin@example.com', displayName: 'fin', password: 'long enough password', roleKey: 'finance' });
  financeToken = (await t.services.access.createApiTokenForEmail(user.email, 'test')).token;
  const received = await t.call({ method: 'POST', url: '/api/v1/identity/touchpoints', payload: { source: 'api', record: { name: '欧阳娜娜', mobile: '139 1234 5678', email: 'nana.ouyang@example.com', birthDate: '1990-03-04', wechat: 'nana_oy', address: '上海市浦东新区世纪大道100号' } } });
  expect(received.statusCode, received.body).toBe(201);
  personId = received.json().touchpoint.personId;
});
afterAll(() => t.close());

describe('identity views follow the field rules', () => {
  it('an administrator sees the source record in full', async () => {
    const full = (await t.call({ method: 'GET', url: `/api/v1/people/${personId}/touchpoints` })).json();
    expect(full.items[0].raw.mobile).toBe('139 1234 5678');
    expect(full.golden.mobile.value).toBe('+8613912345678');
  });

  it('finance (phones masked, birthday and WeChat hidden) sees masked phones and no birthday anywhere', async () => {
    const response = await t.call({ method: 'GET', url: `/api/v1/people/${personId}/touchpoints`, auth: financeToken });
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    const body = JSON.stringify(view);
    expect(body).not.toContain('12345678');
    expect(body).not.toContain('1990-03-04');
    expect(body).not.toContain('nana_oy');
    const [record] = view.items;
    expect(record.raw.mobile).toBe('139 **** 5678');
    expect(record.raw.birthDate).toBeUndefined();
    expect(record.raw.wechat).toBeUndefined();
    expect(record.raw.email).toBe('nana.ouyang@example.com'); // finance sees e-mails
    expect(record.normalised.phones[0].e164).toBe('+86139****5678');
    expect(record.normalised.birthDate ?? null).toBeNull();
    expect(view.golden.mobile.value).toBe('+86139****5678');
    expect(view.golden.birthDate).toBeUndefined();
  });

  it('match explanations quote masked values to finance, and the weights stay', async () => {
    const asFinance = await t.call({ method: 'POST', url: '/api/v1/identity/match', auth: financeToken, payload: { record: { name: '欧阳娜娜', mobile: '13912345678', birthDate: '1990-03-04' } } });
    expect(asFinance.statusCode, asFinance.body).toBe(200);
    const [candidate] = asFinance.json().candidates;
    expect(candidate.personId).toBe(personId);
    const phone = candidate.explanation.fields.find((f: { comparison: string }) => f.comparison === 'phone');
    expect(phone.left + phone.right).not.toContain('12345678');
    expect(phone.weight).toBeGreaterThan(0);
    const birth = candidate.explanation.fields.find((f: { comparison: string }) => f.comparison === 'birth_date');
    expect([birth.left, birth.right]).toEqual(['', '']);
  });

  it('masks review-pair explanations the same way (unit)', () => {
    const rules = identityFieldRules({ userId: 'u', role: 'x', isAdmin: false, teamIds: [], objects: {}, fields: { person: { emails: 'masked', addresses: 'hidden' } }, canExport: false });
    const masked = maskExplanation({ fields: [{ comparison: 'email', left: 'a.b@example.com', right: 'ab@example.com', weight: 3 }, { comparison: 'address', left: '人民路1号', right: '人民路2号', weight: -1 }, { comparison: 'name', left: '王伟', right: '王偉', weight: 2 }] }, rules);
    expect(masked.fields).toEqual([
      { comparison: 'email', left: 'a***@example.com', right: 'a***@example.com', weight: 3 },
      { comparison: 'address', left: '', right: '', weight: -1 },
      { comparison: 'name', left: '王伟', right: '王偉', weight: 2 },
    ]);
  });
});

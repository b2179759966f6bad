/** The person form's mapping: what it sends, what counts as changed, and where server errors land. */
import { describe, expect, it } from 'vitest';
import type { Person } from '../../web/src/api/client.ts';
import { changedFields, formPath, toFormValues, toPayload, validate } from '../../web/src/features/people/lib/person-form.ts';
import { joinAddress } from '../../web/src/lib/address.ts';

const person: Person = {
  id: '0190a2b4-0000-7000-8000-000000000001', name: '张伟', namePinyin: 'zhangwei', nameInitials: 'zw', gender: 'male', birthday: '1985-03-12',
  phones: [{ e164: '+8613800138000', original: '138 0013 8000', kind: 'mobile', label: 'mobile' }],
  emails: [{ address: 'zw@example.cn', label: null }], wechatId: null,
  addresses: [
    { country: null, province: '上海市', city: '上海市', district: '浦东新区', street: null, detail: '张江路 88 号', postalCode: null, raw: null, label: null },
    { country: null, province: '广东省', city: '深圳市', district: null, street: null, detail: null, postalCode: '518000', raw: null, label: 'work' },
  ],
  relationshipTypes: ['customer'], ownerId: null, source: null, tags: ['VIP'], notes: null, restrictedFields: {},
  custom: { vip_level: 'gold' }, createdAt: '2026-11-23T00:00:00Z', updatedAt: '2026-11-23T00:00:00Z', createdBy: null, version: 3, deletedAt: null,
};

describe('person form mapping', () => {
  it('round-trips a person with nothing changed', () => {
    expect(changedFields(toPayload(toFormValues(person), person), person)).toEqual([]);
  });

  it('reports only the fields the user touched, and keeps addresses the form does not show', () => {
    const values = { ...toFormValues(person), wechatId: 'zhangwei_sh', address: { ...toFormValues(person).address, city: '上海' } };
    const payload = toPayload(values, person);
    expect(changedFields(payload, person)).toEqual(['wechatId', 'addresses']);
    expect(payload.addresses).toHaveLength(2);
    expect(payload.addresses?.[1]).toMatchObject({ city: '深圳市', postalCode: '518000' });
  });

  it('drops blank phone and e-mail rows and a money field left empty', () => {
    const payload = toPayload({ name: ' 陈大文 ', phones: [{ number: '' }, { number: '138 1234 5678' }], emails: [{}], custom: { budget: { currency: 'CNY' } } });
    expect(payload).toMatchObject({ name: '陈大文', phones: [{ number: '138 1234 5678' }], emails: [], custom: {} });
  });

  it("validates with the server's schema and points at the form's field", () => {
    const problems = validate(toPayload({ name: '', emails: [{ address: 'not-an-email' }] }));
    expect(problems.map((p) => p.name)).toEqual(expect.arrayContaining([['name'], ['emails', 0, 'address']]));
  });

  it('maps API error fields onto form paths', () => {
    expect(formPath('phones.0.number')).toEqual(['phones', 0, 'number']);
    expect(formPath('addresses.0.city')).toEqual(['address', 'city']);
    expect(formPath('custom.vip_level')).toEqual(['custom', 'vip_level']);
  });

  it('writes addresses without repeating a municipality', () => {
    expect(joinAddress(['上海市', '上海市', '浦东新区', null, '张江路 88 号'])).toBe('上海市浦东新区张江路 88 号');
    expect(joinAddress(['Hong Kong', 'Central', '1 Queen’s Road'])).toBe('Hong Kong Central 1 Queen’s Road');
  });
});

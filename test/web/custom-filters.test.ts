/** The people list's custom-field filters ↔ `cf=key:op:value`: what each control sends and reads back. */
import { describe, expect, it } from 'vitest';
import type { CustomField } from '../../web/src/api/client.ts';
import { badRanges, fromCf, toCf } from '../../web/src/features/people/lib/custom-filters.ts';

const field = (key: string, type: CustomField['type'], options: string[] = []): CustomField => ({
  id: `0190a2b4-0000-7000-8000-${String(key.length).padStart(12, '0')}`, objectType: 'person', key, label: { 'zh-CN': key }, type,
  options: options.map((value) => ({ value, label: {} })), referenceType: null, required: false, createdAt: '2026-11-23T00:00:00Z', version: 1,
});
const fields = [field('note', 'text'), field('budget', 'money'), field('score', 'number'), field('since', 'date'), field('level', 'select', ['gold', 'silver']), field('hobbies', 'multi_select', ['golf', 'tea']), field('vip', 'boolean'), field('account', 'reference')];

describe('custom-field filters', () => {
  it('turns each control into the API parameters', () => {
    expect(toCf({
      note: { kind: 'text', contains: ' 老客户 ' },
      budget: { kind: 'range', from: '1000' },
      since: { kind: 'range', from: '2024-01-01', to: '2024-12-31' },
      level: { kind: 'choice', values: ['gold'] },
      hobbies: { kind: 'choice', values: ['golf', 'tea'] },
      vip: { kind: 'boolean', value: false },
    }, fields)).toEqual(['note:contains:老客户', 'budget:gte:1000', 'since:gte:2024-01-01', 'since:lte:2024-12-31', 'level:eq:gold', 'hobbies:contains:golf', 'hobbies:contains:tea', 'vip:eq:false']);
  });

  it('sends nothing for empty controls or fields it cannot filter', () => {
    expect(toCf({ note: { kind: 'text', contains: '  ' }, score: { kind: 'range' }, account: { kind: 'text', contains: 'x' } }, fields)).toEqual([]);
  });

  it('reads a saved view back into the controls, keeping values with colons, dropping unknown fields', () => {
    const cf = ['note:contains:a:b', 'score:gte:1', 'score:lte:9', 'hobbies:contains:golf', 'hobbies:contains:tea', 'vip:eq:true', 'gone:eq:x'];
    expect(fromCf(cf, fields)).toEqual({
      note: { kind: 'text', contains: 'a:b' },
      score: { kind: 'range', from: '1', to: '9' },
      hobbies: { kind: 'choice', values: ['golf', 'tea'] },
      vip: { kind: 'boolean', value: true },
    });
    expect(toCf(fromCf(cf, fields), fields)).toEqual(cf.slice(0, 6));
  });

  it('finds ranges that end before they start, numbers as numbers and dates as dates', () => {
    expect(badRanges({ score: { kind: 'range', from: '10', to: '9' }, budget: { kind: 'range', from: '9', to: '10' }, since: { kind: 'range', from: '2025-01-01', to: '2024-12-31' } }, fields)).toEqual(['score', 'since']);
  });
});

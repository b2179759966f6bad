import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalisePhone } from '../../../../kernel/chinese/phone.ts';
import { splitPhones } from '../columns/contact-columns.ts';
import { RecordStore } from '../record-store.ts';
import type { ModelSpec, RawRecord } from '../model.types.ts';
import { chinesePersonSpec, fakeSpec, restaurantSpec } from '../specs.ts';

function levelOf(spec: ModelSpec, comparison: string, a: RawRecord, b: RawRecord): string {
  const store = new RecordStore(spec);
  store.add(a);
  store.add(b);
  const c = spec.comparisons.findIndex((x) => x.name === comparison);
  const column = store.columns[c];
  if (!column) throw new Error(comparison);
  return column.levels[column.compare(0, 1)] ?? '?';
}

const level = (comparison: string, a: string, b: string, field = comparison) =>
  levelOf(chinesePersonSpec, comparison, { [field]: a }, { [field]: b });

describe('person names', () => {
  it('treats 简/繁, width and spacing as the same name', () => {
    expect(level('name', '張偉', '张伟')).toBe('exact');
    expect(level('name', '张 伟', '张伟')).toBe('exact');
  });
  it('meets romanised names in either order, and homophones, at the pinyin level', () => {
    for (const other of ['Zhang Wei', 'ZHANG Wei', 'Wei Zhang', 'wei ZHANG', 'Zhangwei', '章伟']) expect(level('name', '张伟', other)).toBe('pinyin');
    expect(level('name', '欧阳娜娜', 'Nana Ouyang')).toBe('pinyin');
  });
  it('keeps different people apart', () => {
    expect(level('name', '王伟', '李娜')).toBe('else');
    expect(level('name', '王伟', '')).toBe('null');
  });
});

describe('phones', () => {
  it('reads every written form of a mobile as the same number', () => {
    for (const other of ['+86 138 0013 8000', '0086-138-0013-8000', '138-0013-8000', '8613800138000', '(+86)13800138000']) {
      expect(level('phone', '13800138000', other)).toBe('mobile');
    }
  });
  it('separates mobile, landline (a household signal) and two different mobiles', () => {
    expect(level('phone', '010-62345678', '+86 10 6234 5678')).toBe('landline');
    expect(level('phone', '13800138000', '13900139000')).toBe('mobile-conflict');
    expect(level('phone', '13800138000', '010-62345678')).toBe('else');
    expect(level('phone', '13800138000; 010-62345678', '010-62345678')).toBe('landline');
  });
  it('takes the fast path only where libphonenumber agrees it is a mobile', () => {
    const prefixes = Array.from({ length: 70 }, (_, k) => String(130 + k));
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.integer({ min: 0, max: 99_999_999 }), (prefix, rest) => {
        const number = prefix + String(rest).padStart(8, '0');
        const fast = splitPhones(number);
        const reference = normalisePhone(number);
        if (fast.mobiles.length > 0) expect(reference).toMatchObject({ e164: fast.mobiles[0], kind: 'mobile' });
        else if (reference?.kind === 'mobile') expect(fast.mobiles).toEqual([reference.e164]);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('emails, addresses, dates', () => {
  it('grades emails: exact (case-insensitive), same handle elsewhere, similar, different', () => {
    expect(level('email', 'Wang.Wei@163.com ', 'wang.wei@163.com')).toBe('exact');
    expect(level('email', 'wangwei@163.com', 'wangwei@qq.com')).toBe('handle');
    expect(level('email', 'wangwei1985@163.com', 'wangwei1986@qq.com')).toBe('fuzzy');
    expect(level('email', 'wangwei@163.com', 'lina@qq.com')).toBe('else');
  });
  it('grades addresses part by part, ignoring a missing province and 號/棟 variants', () => {
    expect(level('address', '广东省广州市天河区体育西路123号5栋301室', '廣州市天河區體育西路123號5棟301')).toBe('exact');
    expect(level('address', '广州市天河区体育西路123号5栋301', '广州市天河区体育西路123号')).toBe('street-number');
    expect(level('address', '广州市天河区体育西路123号', '广州市天河区体育西路8号')).toBe('street');
    expect(level('address', '广州市天河区体育西路123号', '广州市天河区天河路8号')).toBe('district');
    expect(level('address', '广州市天河区体育西路123号', '广州市越秀区中山路8号')).toBe('city');
    expect(level('address', '广州市天河区体育西路123号', '深圳市南山区体育西路123号')).toBe('else');
  });
  it('grades birth dates across formats, with day/month swaps and typos as close', () => {
    expect(level('birth_date', '1985-03-07', '1985年3月7日')).toBe('exact');
    expect(level('birth_date', '1985-03-07', '07/03/1985')).toBe('exact');
    expect(level('birth_date', '1985-03-07', '1985-07-03')).toBe('close');
    expect(level('birth_date', '1985-03-07', '1985-03-08')).toBe('close');
    expect(level('birth_date', '1985-03-07', '1985-03-27')).toBe('close');
    expect(level('birth_date', '1985-03-07', '1985-03-19')).toBe('year-month');
    expect(level('birth_date', '1985-03-07', '1985-11-19')).toBe('year');
    expect(level('birth_date', '1985-03-07', '1990-11-19')).toBe('else');
  });
});

describe('free text', () => {
  it('grades by Jaro–Winkler and recognises first name and surname written the wrong way round', () => {
    const a = { first_name: 'Isla', surname: 'Hall' };
    expect(levelOf(fakeSpec, 'first_name', a, { first_name: 'isla', surname: 'hall' })).toBe('exact');
    expect(levelOf(fakeSpec, 'first_name', a, { first_name: 'Hall', surname: 'Isla' })).toBe('swapped');
    expect(levelOf(fakeSpec, 'surname', a, { first_name: 'Hall', surname: 'Isla' })).toBe('swapped');
    expect(levelOf(fakeSpec, 'first_name', a, { first_name: 'Hall', surname: 'Smith' })).toBe('else');
    expect(levelOf(fakeSpec, 'first_name', a, { first_name: 'Islay', surname: 'Hall' })).toBe('jw≥0.92');
  });
  it('has a tokens level when every word of one value is in the other', () => {
    expect(levelOf(restaurantSpec, 'name', { name: 'The Palm' }, { name: 'palm the los angeles' })).toBe('tokens');
    expect(levelOf(restaurantSpec, 'address', { address: '8358 Sunset Blvd.' }, { address: '8358 sunset blvd west' })).toBe('tokens');
    expect(levelOf(restaurantSpec, 'name', { name: 'The Palm' }, { name: 'chez panisse' })).toBe('else');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateToInt, formatIsoDate, isValidDate, parseDate } from '../dates.ts';

describe('parseDate', () => {
  it.each([
    ['2024-01-02', 2024, 1, 2],
    ['2024/1/2', 2024, 1, 2],
    ['2024.01.02', 2024, 1, 2],
    ['2024年1月2日', 2024, 1, 2],
    ['2024 年 1 月 2 号', 2024, 1, 2],
    ['20240102', 2024, 1, 2],
    ['２０２４－０１－０２', 2024, 1, 2],
    ['2024-01-02T08:30:00Z', 2024, 1, 2],
    ['31/12/2024', 2024, 12, 31],
    ['12/31/2024', 2024, 12, 31],
  ])('reads %s', (text, year, month, day) => {
    expect(parseDate(text)).toMatchObject({ year, month, day });
  });

  it('reads an ambiguous day/month string in the stated order and says it was ambiguous', () => {
    expect(parseDate('02/01/2024')).toEqual({ year: 2024, month: 1, day: 2, ambiguous: true });
    expect(parseDate('02/01/2024', { order: 'MDY' })).toEqual({ year: 2024, month: 2, day: 1, ambiguous: true });
    expect(parseDate('05/05/2024')).toEqual({ year: 2024, month: 5, day: 5, ambiguous: false });
    expect(parseDate('13/01/2024', { order: 'MDY' })).toEqual({ year: 2024, month: 1, day: 13, ambiguous: false });
  });

  it.each(['', '2024-02-30', '2023-02-29', '20241301', 'yesterday', '1/2/24', '2024-1'])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it('takes two-digit years only with a pivot', () => {
    expect(parseDate('01/02/85', { twoDigitYearPivot: 30 })).toMatchObject({ year: 1985, month: 2, day: 1 });
    expect(parseDate('01/02/15', { twoDigitYearPivot: 30 })).toMatchObject({ year: 2015 });
  });

  it('round-trips every valid date through ISO, compact and Chinese forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        fc.pre(isValidDate(y, m, d));
        const iso = formatIsoDate({ year: y, month: m, day: d });
        for (const text of [iso, iso.replace(/-/g, ''), `${y}年${m}月${d}日`, `${y}/${m}/${d}`]) {
          expect(dateToInt(parseDate(text))).toBe(y * 10000 + m * 100 + d);
        }
      }),
    );
  });
});

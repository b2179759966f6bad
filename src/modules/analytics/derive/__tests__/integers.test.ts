import { describe, expect, it } from 'vitest';
import { integersOf } from '../integers.ts';

describe('integers packed in a text', () => {
  it('reads comma- and space-separated integers, negative ones and an empty text', () => {
    expect(integersOf('3,-1,20')).toEqual([3, -1, 20]);
    expect(integersOf('0 1 4 12,2 0 0 5')).toEqual([0, 1, 4, 12, 2, 0, 0, 5]);
    expect(integersOf('')).toEqual([]);
    expect(integersOf('-3650,20591')).toEqual([-3650, 20591]);
    // Days since 1970 as the store writes them give the instants Date.parse gives for those days.
    expect(integersOf('20591').map((d) => d * 86_400_000)).toEqual([Date.parse('2026-05-18T00:00:00Z')]);
  });

  it('refuses anything else, saying what it read', () => {
    expect(() => integersOf('1,2x')).toThrow(/not an integer list: 1,2x/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaroWinkler, withinOneEdit } from '../similarity.ts';

describe('jaroWinkler', () => {
  it('matches the published reference values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('is symmetric, bounded, 1 on equal strings, and the same for long and short code paths', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const ab = jaroWinkler(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1 + 1e-12);
        expect(Math.abs(ab - jaroWinkler(b, a))).toBeLessThan(1e-12);
        if (a.length > 0) expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
    const long = 'a'.repeat(30) + 'bcdefgh';
    expect(jaroWinkler(long, long.replace('bc', 'cb'))).toBeGreaterThan(0.95);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['4011', '4011', true], ['4011', '4012', true], ['4011', '401', true], ['4011', '40111', true], ['4011', '4101', true],
    ['4011', '4102', false], ['4011', '41', false], ['abcd', 'badc', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});

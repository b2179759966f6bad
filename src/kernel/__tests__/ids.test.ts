import { describe, expect, it } from 'vitest';
import { isUuidV7, newId } from '../ids.ts';

describe('newId', () => {
  it('gives distinct UUIDv7s that sort in the order they were made, across pool refills', () => {
    const ids = Array.from({ length: 20_000 }, () => newId()); // 20,000 × 16 bytes: the 4 KiB pool is refilled ~80 times
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuidV7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    // The millisecond in the first 48 bits is now.
    const msecs = parseInt(ids[ids.length - 1]!.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(msecs - Date.now())).toBeLessThan(5_000);
  });

  it('keeps the random part random (not the same bytes twice)', () => {
    const tails = new Set(Array.from({ length: 2_000 }, () => newId().slice(-12)));
    expect(tails.size).toBe(2_000);
  });
});

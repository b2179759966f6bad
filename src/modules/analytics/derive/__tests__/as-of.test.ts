import { describe, expect, it } from 'vitest';
import { dayAfter, liveAsOf, todayIn } from '../as-of.ts';

describe('the as-of day of live figures', () => {
  it('is the day after today in the tenant’s time zone, not in UTC', () => {
    // 17:30 UTC on 1 June is 01:30 on 2 June in Shanghai.
    const now = new Date('2026-06-01T17:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-06-02');
    expect(liveAsOf('Asia/Shanghai', now)).toBe('2026-06-03');
    expect(liveAsOf('UTC', now)).toBe('2026-06-02');
    expect(liveAsOf('America/Los_Angeles', now)).toBe('2026-06-02');
  });

  it('moves on as days pass without orders, across month and year ends', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(liveAsOf('Asia/Shanghai', new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-02');
  });
});

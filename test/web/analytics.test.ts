/** The analytics pages' pure helpers: every server segment has words in every language; period ranges; money. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS } from '../../src/modules/analytics/models/rfm.model.ts';
import { formatters } from '../../web/src/i18n/format.ts';
import { segmentChanges } from '../../web/src/features/analytics/lib/rfm.ts';
import { formatMoney } from '../../web/src/features/analytics/lib/money.ts';
import { lastIncludedDay, periodRange } from '../../web/src/features/analytics/lib/periods.ts';
import { SEGMENTS, segmentKey, segmentRank } from '../../web/src/features/analytics/lib/segments.ts';

const I18N = join(import.meta.dirname, '..', '..', 'web', 'src', 'features', 'analytics', 'i18n');
type Catalogue = { analytics: { segments: Record<string, string>; tiers: Record<string, string> } };
const catalogue = (language: string) => JSON.parse(readFileSync(join(I18N, `${language}.json`), 'utf8')) as Catalogue;

describe('analytics web helpers', () => {
  it('name every segment the server can send, in every language, and rank them as the churn model does', () => {
    expect([...SEGMENTS].sort()).toEqual([...RFM_SEGMENTS].sort());
    for (const language of ['en', 'zh-CN', 'zh-TW']) {
      const words = catalogue(language).analytics.segments;
      for (const segment of RFM_SEGMENTS) expect(words[segmentKey(segment)], `${language} ${segment}`).toBeTruthy();
      expect(new Set(Object.values(words)).size, `${language}: two segments share a name`).toBe(RFM_SEGMENTS.length);
    }
    expect(segmentKey("Can't Lose Them")).toBe('cantLoseThem');
    expect(segmentRank('Champions')).toBeLessThan(segmentRank('Lost'));
    expect(segmentRank('Unknown')).toBe(SEGMENTS.length);
  });

  it('turn period presets into inclusive order-day ranges', () => {
    const today = new Date('2026-03-15T10:00:00Z');
    expect(periodRange('all', today)).toEqual({});
    expect(periodRange('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-03-15' });
    expect(periodRange('lastYear', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodRange('last12Months', today)).toEqual({ from: '2025-03-16', to: '2026-03-15' });
    expect(lastIncludedDay('2026-03-01')).toBe('2026-02-28');
  });

  it('mark the periods whose segment changed, as the server flags them', () => {
    const point = (periodStart: string, segment: string, previousSegment: string | null, segmentChanged: boolean) =>
      ({ periodStart, segment, previousSegment, segmentChanged, recencyDays: 1, frequency: 1, monetary: 1, r: 3, f: 3, m: 3 }) as Parameters<typeof segmentChanges>[0][number];
    const points = [point('2026-01-01', 'Loyal', null, false), point('2026-02-01', 'Loyal', 'Loyal', false), point('2026-03-01', 'At Risk', 'Loyal', true)];
    expect(segmentChanges(points)).toEqual([{ index: 2, from: 'Loyal', to: 'At Risk' }]);
  });

  it('format money in the UI language, and keep an unknown currency visible by its code', () => {
    expect(formatMoney(formatters('zh-CN'), 1234.5, 'CNY')).toBe('¥1,234.50');
    expect(formatMoney(formatters('en'), 1234.5, 'EUR')).toBe('1,234.5 EUR');
  });
});

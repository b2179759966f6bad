/** The analytics pages' pure helpers: every server segment has words in every language; period ranges; money. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { clvUnavailableSchema } from '../../src/modules/analytics/api/analytics.schema.ts';
import { RFM_SEGMENTS } from '../../src/modules/analytics/models/rfm.model.ts';
import { formatters } from '../../web/src/i18n/format.ts';
import { segmentChanges } from '../../web/src/features/analytics/lib/rfm.ts';
import { clvUnavailableText } from '../../web/src/features/analytics/lib/clv-unavailable.ts';
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

  it('word every reason the server gives for a missing lifetime value, with its numbers, in every language', async () => {
    const attempt = { model: 'bgnbd', attemptedAt: '2026-06-01T00:00:00Z', customers: 1234, orderLines: 5000, message: 'English' } as const;
    const reasons = [
      { ...attempt, code: 'too-few-customers', customers: 7, minimum: 20 },
      { ...attempt, code: 'no-repeat-purchase' },
      { ...attempt, code: 'not-converged', timeLimitSeconds: 10 },
      { ...attempt, code: 'parameters-out-of-range' },
      { ...attempt, code: 'fit-error', detail: 'NaN' },
      { code: 'not-fitted-yet', model: 'pareto', message: 'English' },
    ] as const;
    // Every code the API can send is here (the schema's union, member by member).
    expect(reasons.map((r) => r.code).sort()).toEqual(clvUnavailableSchema.options.map((o) => o.shape.code.value).sort());
    for (const reason of reasons) clvUnavailableSchema.parse(reason);
    const expected: Record<string, Record<string, string>> = {
      'zh-CN': { 'too-few-customers': '客户太少，暂无法估算终身价值（至少需要 20 位有购买的客户，目前 7 位）', 'no-repeat-purchase': '1,234 位客户都还没有复购', 'not-converged': '10 秒内' },
      'zh-TW': { 'too-few-customers': '客戶太少，暫時無法估算終身價值（至少需要 20 位有購買紀錄的客戶，目前 7 位）', 'no-repeat-purchase': '1,234 位客戶都還沒有回購', 'not-converged': '10 秒內' },
      en: { 'too-few-customers': 'at least 20 customers with purchases, and there are 7 so far', 'no-repeat-purchase': 'none of the 1,234 customers', 'not-converged': 'within 10 seconds' },
    };
    for (const language of ['en', 'zh-CN', 'zh-TW']) {
      const i18n = createInstance();
      await i18n.init({ lng: language, resources: { [language]: { translation: catalogue(language) } }, interpolation: { escapeValue: false } });
      const texts = reasons.map((reason) => clvUnavailableText(i18n.t, reason, formatters(language).number));
      expect(new Set(texts).size, `${language}: two reasons read the same`).toBe(reasons.length);
      for (const text of texts) expect(text, language).not.toMatch(/analytics\.|\{\{/);
      for (const [code, words] of Object.entries(expected[language] ?? {})) expect(texts[reasons.findIndex((r) => r.code === code)], `${language} ${code}`).toContain(words);
    }
  });
});

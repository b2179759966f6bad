/**
 * Golden record: for each field, which of a person's source records wins. Rules per field — the most recent value,
 * the most frequent one (ties → most recent), or the one from the most trusted source (the order of `trust`;
 * ties → most recent). Pure: the service reads the touchpoints, this decides.
 */
import type { NormalisedTouchpoint } from './touchpoint.types.ts';

export const SURVIVORSHIP_RULES = ['most_recent', 'most_frequent', 'most_trusted'] as const;
export type SurvivorshipRule = (typeof SURVIVORSHIP_RULES)[number];
export const GOLDEN_FIELDS = ['name', 'mobile', 'phone', 'email', 'address', 'birthDate', 'gender', 'company', 'wechatId'] as const;
export type GoldenField = (typeof GOLDEN_FIELDS)[number];

export type Survivorship = { rules: Record<GoldenField, SurvivorshipRule>; trust: string[] };

export const DEFAULT_SURVIVORSHIP: Survivorship = {
  rules: { name: 'most_frequent', mobile: 'most_recent', phone: 'most_recent', email: 'most_recent', address: 'most_recent', birthDate: 'most_trusted', gender: 'most_frequent', company: 'most_recent', wechatId: 'most_recent' },
  // Sources a person fills in themselves first, then sales/dealer systems, then bulk imports.
  trust: ['portal', 'web_form', 'api', 'dealer', 'import'],
};

export type SourceRecord = { id: string; source: string; receivedAt: Date; normalised: NormalisedTouchpoint };
export type GoldenValue = { value: string; rule: SurvivorshipRule; touchpointId: string; source: string; receivedAt: string; seen: number };

function valueOf(field: GoldenField, n: NormalisedTouchpoint): string | null {
  switch (field) {
    case 'mobile':
      return n.phones.find((p) => p.kind === 'mobile')?.e164 ?? null;
    case 'phone':
      return n.phones.find((p) => p.kind !== 'mobile')?.e164 ?? null;
    case 'email':
      return n.emails[0] ?? null;
    case 'address':
      return n.address?.raw ?? null;
    case 'name':
      return n.name || null;
    default:
      return n[field] ?? null;
  }
}

const trustRank = (trust: string[], source: string) => {
  const family = source.split(':')[0] ?? source;
  const rank = trust.indexOf(source);
  const familyRank = trust.indexOf(family);
  return rank >= 0 ? rank : familyRank >= 0 ? familyRank : trust.length;
};

export function goldenRecord(records: SourceRecord[], survivorship: Survivorship = DEFAULT_SURVIVORSHIP): Partial<Record<GoldenField, GoldenValue>> {
  const newestFirst = [...records].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  const golden: Partial<Record<GoldenField, GoldenValue>> = {};
  for (const field of GOLDEN_FIELDS) {
    const rule = survivorship.rules[field];
    const candidates = newestFirst.flatMap((r) => {
      const value = valueOf(field, r.normalised);
      return value ? [{ value, record: r }] : [];
    });
    if (candidates.length === 0) continue;
    const seen = new Map<string, number>();
    for (const c of candidates) seen.set(c.value, (seen.get(c.value) ?? 0) + 1);
    const [first, ...rest] = candidates;
    if (!first) continue;
    let winner = first;
    // Strictly better only: ties keep the newer value, as candidates are newest first.
    if (rule === 'most_frequent') winner = rest.reduce((best, c) => ((seen.get(c.value) ?? 0) > (seen.get(best.value) ?? 0) ? c : best), first);
    if (rule === 'most_trusted') winner = rest.reduce((best, c) => (trustRank(survivorship.trust, c.record.source) < trustRank(survivorship.trust, best.record.source) ? c : best), first);
    golden[field] = { value: winner.value, rule, touchpointId: winner.record.id, source: winner.record.source, receivedAt: winner.record.receivedAt.toISOString(), seen: seen.get(winner.value) ?? 1 };
  }
  return golden;
}

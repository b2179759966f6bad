/**
 * RFM segments and value tiers as the server names them, in the order the charts show them (most valuable
 * first), with their translation keys and colours. The server's names are English identifiers; the words the
 * user reads come from the catalogues (analytics.segments.<key>).
 */

export const SEGMENTS = [
  'Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention',
  "Can't Lose Them", 'At Risk', 'About to Sleep', 'Hibernating', 'Lost',
] as const;
export type Segment = (typeof SEGMENTS)[number];

/** "Can't Lose Them" → "cantLoseThem": a key i18next can look up. */
export function segmentKey(segment: string): string {
  const words = segment.replace(/'/g, '').split(/\s+/);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
}

export function isSegment(value: string): value is Segment {
  return (SEGMENTS as readonly string[]).includes(value);
}

/** Warm for the valuable, amber for those slipping, grey for the gone. */
const SEGMENT_COLORS: Record<Segment, string> = {
  Champions: '#b8322a',
  Loyal: '#d4574e',
  'Potential Loyalist': '#e07b54',
  'New Customers': '#2f6f9f',
  Promising: '#5b93bf',
  'Need Attention': '#d48a1f',
  "Can't Lose Them": '#9e1f63',
  'At Risk': '#c76a8a',
  'About to Sleep': '#a6a6a6',
  Hibernating: '#8c8c8c',
  Lost: '#595959',
};

export function segmentColor(segment: string): string {
  return isSegment(segment) ? SEGMENT_COLORS[segment] : '#bfbfbf';
}

/** Position in the value order: a larger number is a worse segment. */
export function segmentRank(segment: string): number {
  const index = (SEGMENTS as readonly string[]).indexOf(segment);
  return index < 0 ? SEGMENTS.length : index;
}

export const TIERS = ['high', 'medium', 'low', 'negative'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_COLORS: Record<Tier, string> = { high: '#b8322a', medium: '#d48a1f', low: '#8c8c8c', negative: '#595959' };

type Translate = (key: string, options?: { defaultValue?: string }) => string;

/** The segment's name in the UI language; an unknown segment keeps the server's name rather than a raw key. */
export function segmentLabel(t: Translate, segment: string): string {
  return t(`analytics.segments.${segmentKey(segment)}`, { defaultValue: segment });
}

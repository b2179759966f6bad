/**
 * RFM: recency, frequency and monetary value per customer, quintile scores with the exact semantics of SQL
 * `NTILE(5)`, and the usual segment map. Ties are ordered by customer id so the scores are deterministic and equal
 * to `NTILE(5) OVER (ORDER BY value, customer_id)` in DuckDB or PostgreSQL.
 */

export type RfmInput = { customerId: string; recencyDays: number; frequency: number; monetary: number };
export type RfmScore = RfmInput & { r: number; f: number; m: number; fm: number; segment: RfmSegment };

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New Customers',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * Segment by R score (rows, 5 = most recent) and FM score (columns, 1..5), FM = ⌊(F + M) / 2⌋. A grid rather than
 * overlapping range rules, so every (R, FM) pair has exactly one segment and the SQL form is a plain lookup.
 */
export const RFM_SEGMENT_GRID: Record<1 | 2 | 3 | 4 | 5, readonly [RfmSegment, RfmSegment, RfmSegment, RfmSegment, RfmSegment]> = {
  5: ['New Customers', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
  4: ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Champions'],
  3: ['About to Sleep', 'Need Attention', 'Need Attention', 'Loyal', 'Loyal'],
  2: ['Hibernating', 'About to Sleep', 'At Risk', 'At Risk', "Can't Lose Them"],
  1: ['Lost', 'Hibernating', 'At Risk', "Can't Lose Them", "Can't Lose Them"],
};

export function fmScore(f: number, m: number): number {
  return Math.floor((f + m) / 2);
}

export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const row = RFM_SEGMENT_GRID[r as 1 | 2 | 3 | 4 | 5];
  const segment = row?.[fmScore(f, m) - 1];
  if (!segment) throw new RangeError(`RFM scores must be integers 1..5, got R=${r} F=${f} M=${m}`);
  return segment;
}

/**
 * The NTILE bucket (1-based) of the row at 0-based position `index` among `count` rows: the first `count mod n`
 * buckets hold one row more than the others, exactly as SQL NTILE distributes the remainder.
 */
export function ntile(index: number, count: number, buckets: number): number {
  const small = Math.floor(count / buckets);
  const remainder = count % buckets;
  const largeRows = remainder * (small + 1);
  if (index < largeRows) return Math.floor(index / (small + 1)) + 1;
  return remainder + Math.floor((index - largeRows) / small) + 1;
}

function byValueThenId(values: readonly number[], ids: readonly string[], descending: boolean) {
  return (i: number, j: number): number => {
    const a = values[i] as number;
    const b = values[j] as number;
    if (a !== b) return descending ? b - a : a - b;
    const x = ids[i] as string;
    const y = ids[j] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function scoresFor(values: readonly number[], ids: readonly string[], descending: boolean): Int8Array {
  const order = values.map((_, i) => i).sort(byValueThenId(values, ids, descending));
  const out = new Int8Array(values.length);
  order.forEach((row, position) => {
    out[row] = ntile(position, values.length, 5);
  });
  return out;
}

/** Scores and segments every customer. Recency is scored descending: the most recent buyers get R = 5. */
export function scoreRfm(rows: readonly RfmInput[]): RfmScore[] {
  const ids = rows.map((row) => row.customerId);
  const r = scoresFor(rows.map((row) => row.recencyDays), ids, true);
  const f = scoresFor(rows.map((row) => row.frequency), ids, false);
  const m = scoresFor(rows.map((row) => row.monetary), ids, false);
  return rows.map((row, i) => {
    const rs = r[i] as number;
    const fs = f[i] as number;
    const ms = m[i] as number;
    return { ...row, r: rs, f: fs, m: ms, fm: fmScore(fs, ms), segment: rfmSegment(rs, fs, ms) };
  });
}

/** Customers per segment, every segment present (zero when empty), in map order. */
export function segmentCounts(scores: readonly { segment: RfmSegment }[]): Record<RfmSegment, number> {
  const counts = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, 0])) as Record<RfmSegment, number>;
  for (const s of scores) counts[s.segment] += 1;
  return counts;
}

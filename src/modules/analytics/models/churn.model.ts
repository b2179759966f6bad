/**
 * Churn early warning, each signal with the numbers that explain it: recency beyond the customer's own purchase
 * rhythm, probability alive falling, and migration to a worse RFM segment.
 */
import type { RfmSegment } from './rfm.model.ts';

export type ChurnSignal =
  | { kind: 'rhythm'; message: string; recencyDays: number; typicalGapDays: number; ratio: number; purchases: number }
  | { kind: 'p-alive'; message: string; previous: number; current: number; drop: number }
  | { kind: 'segment'; message: string; from: RfmSegment; to: RfmSegment; steps: number };

/** Segments from most to least valuable — the order a migration is judged by. */
export const SEGMENT_RANK: readonly RfmSegment[] = [
  'Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention',
  "Can't Lose Them", 'At Risk', 'About to Sleep', 'Hibernating', 'Lost',
];

const DAY = 86_400_000;

/**
 * Overdue against the customer's own rhythm: days since the last purchase versus the median gap between their
 * purchases (median, so one long holiday does not set the rhythm). Needs `minPurchases` to know a rhythm at all.
 */
export function rhythmSignal(
  purchaseTimes: readonly number[],
  asOf: number,
  options: { factor?: number; minPurchases?: number } = {},
): ChurnSignal | undefined {
  const factor = options.factor ?? 2;
  const minPurchases = options.minPurchases ?? 3;
  const times = [...purchaseTimes].sort((a, b) => a - b);
  if (times.length < minPurchases) return undefined;
  const gaps = times.slice(1).map((t, i) => (t - (times[i] as number)) / DAY).sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const typical = gaps.length % 2 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  const recency = (asOf - (times[times.length - 1] as number)) / DAY;
  if (typical <= 0 || recency <= factor * typical) return undefined;
  const ratio = recency / typical;
  return {
    kind: 'rhythm',
    message: `no purchase for ${recency.toFixed(0)} days, ${ratio.toFixed(1)}× the usual ${typical.toFixed(0)}-day gap`,
    recencyDays: recency,
    typicalGapDays: typical,
    ratio,
    purchases: times.length,
  };
}

export function pAliveSignal(previous: number, current: number, options: { below?: number; minDrop?: number } = {}): ChurnSignal | undefined {
  const below = options.below ?? 0.5;
  const minDrop = options.minDrop ?? 0.15;
  const drop = previous - current;
  if (current >= below || drop < minDrop) return undefined;
  return {
    kind: 'p-alive',
    message: `probability alive fell from ${(previous * 100).toFixed(0)} % to ${(current * 100).toFixed(0)} %`,
    previous,
    current,
    drop,
  };
}

export function segmentSignal(from: RfmSegment, to: RfmSegment, minSteps = 2): ChurnSignal | undefined {
  const steps = SEGMENT_RANK.indexOf(to) - SEGMENT_RANK.indexOf(from);
  if (steps < minSteps) return undefined;
  return { kind: 'segment', message: `moved from ${from} to ${to}`, from, to, steps };
}

export type ChurnInput = {
  purchaseTimes?: readonly number[];
  asOf?: number;
  pAlive?: { previous: number; current: number };
  segments?: { previous: RfmSegment; current: RfmSegment };
};

/** Every signal that fires for one customer. */
export function churnSignals(input: ChurnInput): ChurnSignal[] {
  const out: ChurnSignal[] = [];
  if (input.purchaseTimes && input.asOf !== undefined) {
    const s = rhythmSignal(input.purchaseTimes, input.asOf);
    if (s) out.push(s);
  }
  if (input.pAlive) {
    const s = pAliveSignal(input.pAlive.previous, input.pAlive.current);
    if (s) out.push(s);
  }
  if (input.segments) {
    const s = segmentSignal(input.segments.previous, input.segments.current);
    if (s) out.push(s);
  }
  return out;
}

/** The RFM trend's reading of the history the server sends: where the segment changed, and how a period is named. */
import type { RfmHistoryPoint } from './view.ts';

export type Granularity = 'month' | 'week';

/** The periods where the server says the segment changed (the first period's change is against the one before the chart). */
export function segmentChanges(points: readonly RfmHistoryPoint[]): Array<{ index: number; from: string; to: string }> {
  return points.flatMap((p, index) => (p.segmentChanged && p.previousSegment ? [{ index, from: p.previousSegment, to: p.segment }] : []));
}

/** A month reads "2026-03"; a week is named by its first day. */
export function periodLabel(periodStart: string, granularity: Granularity): string {
  return granularity === 'month' ? periodStart.slice(0, 7) : periodStart;
}

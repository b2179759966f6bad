/**
 * The golden record two people would have once merged: the server's own survivorship rules (most recent, most
 * frequent, most trusted source per field — src/modules/identity/touchpoint.golden.ts, pure) run here over both
 * people's source records, so the preview is what the customer page will show after the merge.
 */
import { DEFAULT_SURVIVORSHIP, GOLDEN_FIELDS, goldenRecord, type GoldenField, type GoldenValue, type SourceRecord } from '../../../../../src/modules/identity/touchpoint.golden.ts';

export { GOLDEN_FIELDS, type GoldenField, type GoldenValue };

/** What of a source record (as the API sends it) survivorship looks at. */
export type SourceTouchpoint = { id: string; source: string; receivedAt: string; normalised: Record<string, unknown> };

function sourceRecord(touchpoint: SourceTouchpoint): SourceRecord {
  // The API sends the normalised record exactly as the server stored and compared it.
  return { id: touchpoint.id, source: touchpoint.source, receivedAt: new Date(touchpoint.receivedAt), normalised: touchpoint.normalised as unknown as SourceRecord['normalised'] };
}

export function mergedGolden(touchpoints: SourceTouchpoint[]): Partial<Record<GoldenField, GoldenValue>> {
  return goldenRecord(touchpoints.map(sourceRecord), DEFAULT_SURVIVORSHIP);
}

/** Reading a stage-gate refusal (422) and turning the values typed for it into the move's `set`. */
import { isApiError } from '../../../api/client.ts';
import type { OpportunityPatch } from '../api/sales.ts';

export type GateRefusal = { stage: string; missing: string[] };

/** The fields a 422 from a stage move (or an edit) says are missing, or undefined for any other failure. */
export function gateRefusal(error: unknown): GateRefusal | undefined {
  if (!isApiError(error, 422) || error.code !== 'SALES.STAGE_REQUIREMENTS_MISSING') return undefined;
  const details = (error.details ?? {}) as { stage?: unknown; missing?: unknown };
  const missing = Array.isArray(details.missing) ? details.missing.filter((f): f is string => typeof f === 'string') : [];
  return { stage: typeof details.stage === 'string' ? details.stage : '', missing };
}

/** `{ amount: "1", "custom.bidDeadline": "2026-12-01" }` → `{ amount: "1", custom: { bidDeadline: "2026-12-01" } }`. */
export function gateValuesToPatch(values: Record<string, string | null | undefined>): OpportunityPatch {
  const patch: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  for (const [field, raw] of Object.entries(values)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '') continue;
    if (field.startsWith('custom.')) custom[field.slice(7)] = value;
    else patch[field] = value;
  }
  if (Object.keys(custom).length) patch.custom = custom;
  return patch as OpportunityPatch;
}

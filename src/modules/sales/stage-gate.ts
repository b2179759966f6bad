/** The stage gate: which of a stage's required fields an opportunity (after the pending change) still lacks. */
import type { Stage } from './pipeline.schema.ts';

export type GateSubject = Record<string, unknown> & { custom: Record<string, unknown> };

const empty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

export function missingForStage(stage: Stage, subject: GateSubject): string[] {
  return stage.requiredFields.filter((field) => empty(field.startsWith('custom.') ? subject.custom[field.slice(7)] : subject[field]));
}

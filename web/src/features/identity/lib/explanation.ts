/**
 * A match explanation as the pages show it: each compared field's contribution in bits (log2 of its Bayes
 * factor — positive pulls towards "same person", negative away), strongest first, and the fields that could not
 * be compared because one side had no value. The prior plus every contribution is the total (log2 odds).
 */
import type { Schemas } from '../../../api/client.ts';

type MatchExplanation = Schemas['MatchExplanation'];

export type Contribution = {
  comparison: string;
  level: string;
  /** i18n key suffix of "<field> <level>", e.g. phone.mobile, address.street_number. */
  labelKey: string;
  weight: number;
  /** The part of the weight due to how common the value is (a common name counts for little). */
  tfAdjustment: number;
  left: string;
  right: string;
};

export type ExplainedMatch = { prior: number; total: number; probability: number; vetoedBy: string | null; contributions: Contribution[]; notCompared: string[] };

/** Text-similarity levels are named after their threshold (jw≥0.9): one "similar" label covers them. */
export function levelKey(level: string): string {
  return level.startsWith('jw') ? 'similar' : level.replace(/[^a-z0-9]+/gi, '_');
}

function isExplanation(value: unknown): value is MatchExplanation {
  const v = value as Partial<MatchExplanation> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.fields) && typeof v.priorWeight === 'number' && typeof v.totalWeight === 'number';
}

/** Null when the server sent no explanation (a record created without a match, or hidden from the caller). */
export function explain(value: unknown): ExplainedMatch | null {
  if (!isExplanation(value)) return null;
  const contributions: Contribution[] = [];
  const notCompared: string[] = [];
  for (const field of value.fields) {
    if (field.level === 'null') {
      notCompared.push(field.comparison);
      continue;
    }
    contributions.push({ comparison: field.comparison, level: field.level, labelKey: `${field.comparison}.${levelKey(field.level)}`, weight: field.weight, tfAdjustment: field.tfAdjustment, left: field.left, right: field.right });
  }
  contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { prior: value.priorWeight, total: value.totalWeight, probability: value.probability, vetoedBy: value.vetoedBy, contributions, notCompared };
}

/** +4.2 / −3.1 (a true minus sign), one decimal. */
export function signedWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

/** 0.99246 → "99.2%"; keeps near-certainties from reading as 100%. */
export function percent(probability: number): string {
  const value = probability * 100;
  if (value >= 99.95 && probability < 1) return '>99.9%';
  if (value > 0 && value < 0.05) return '<0.1%';
  return `${value.toFixed(1)}%`;
}

/**
 * Lead grading, A/B/C/D: each rule adds points when it holds; the score's thresholds give the grade.
 * Pure (no I/O), so the rules can be tried out before they are saved. Amounts compare as decimals.
 */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const LEAD_RULE_FIELDS = ['estimatedValue', 'source', 'title', 'industry', 'province', 'city', 'company', 'phone', 'email'] as const;

const ruleSchema = z.strictObject({
  field: z.enum(LEAD_RULE_FIELDS),
  op: z.enum(['present', 'eq', 'in', 'contains', 'gte', 'lte']),
  value: z.union([text(200), z.number(), z.array(text(200)).max(50)]).optional(),
  points: z.number().int().min(-100).max(100),
});

export const gradingRulesSchema = z
  .strictObject({
    rules: z.array(ruleSchema).max(50),
    thresholds: z.strictObject({ A: z.number().int(), B: z.number().int(), C: z.number().int() }).refine((t) => t.A >= t.B && t.B >= t.C, 'thresholds must satisfy A ≥ B ≥ C'),
  })
  .meta({ id: 'LeadGradingRules' });
export type GradingRules = z.infer<typeof gradingRulesSchema>;
export type Grade = 'A' | 'B' | 'C' | 'D';

export const DEFAULT_GRADING: GradingRules = {
  rules: [
    { field: 'estimatedValue', op: 'gte', value: 1_000_000, points: 40 },
    { field: 'estimatedValue', op: 'gte', value: 100_000, points: 20 },
    { field: 'source', op: 'in', value: ['referral', 'exhibition', 'tender'], points: 20 },
    { field: 'title', op: 'contains', value: ['总', '经理', '主任', '董事', 'director', 'manager', 'head', 'ceo'], points: 15 },
    { field: 'company', op: 'present', points: 10 },
    { field: 'phone', op: 'present', points: 10 },
    { field: 'email', op: 'present', points: 5 },
  ],
  thresholds: { A: 70, B: 45, C: 20 },
};

export type GradedLead = Partial<Record<(typeof LEAD_RULE_FIELDS)[number], string | null>>;

function holds(rule: GradingRules['rules'][number], lead: GradedLead): boolean {
  const actual = lead[rule.field];
  if (actual === null || actual === undefined || actual === '') return false;
  const values = Array.isArray(rule.value) ? rule.value : rule.value === undefined ? [] : [String(rule.value)];
  switch (rule.op) {
    case 'present':
      return true;
    case 'eq':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'in':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'contains':
      return values.some((v) => actual.toLowerCase().includes(v.toLowerCase()));
    case 'gte':
    case 'lte': {
      const a = Number(actual);
      const b = Number(values[0]);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return rule.op === 'gte' ? a >= b : a <= b;
    }
  }
}

export function gradeLead(rules: GradingRules, lead: GradedLead): { score: number; grade: Grade } {
  const score = rules.rules.reduce((sum, rule) => sum + (holds(rule, lead) ? rule.points : 0), 0);
  const grade: Grade = score >= rules.thresholds.A ? 'A' : score >= rules.thresholds.B ? 'B' : score >= rules.thresholds.C ? 'C' : 'D';
  return { score, grade };
}

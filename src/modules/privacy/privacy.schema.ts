import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const eraseSchema = z
  .strictObject({
    reason: text(500, 3).describe('Why: the request reference, the legal ground'),
    confirm: z.literal(true).describe('Erasure cannot be undone'),
  })
  .meta({ id: 'EraseRequest' });

export const eraseResultSchema = z.object({ personId: z.uuid(), erased: z.record(z.string(), z.number().int()) }).meta({ id: 'EraseResult' });

export const personalDataSchema = z
  .object({ exportedAt: z.string(), personId: z.uuid(), sources: z.record(z.string(), z.unknown()) })
  .meta({ id: 'PersonalDataExport' });

export const retentionRuleInput = z.strictObject({
  objectType: z.literal('person'),
  relationshipType: z.enum(['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent']).nullable().optional(),
  keepDays: z.number().int().min(1).max(36_500),
});
export const retentionRulesSchema = z.strictObject({ rules: z.array(retentionRuleInput).max(50) }).meta({ id: 'RetentionRules' });
export const retentionRunSchema = z.strictObject({ dryRun: z.boolean().default(true) }).meta({ id: 'RetentionRun' });
export const retentionReportSchema = z.object({ dryRun: z.boolean(), personIds: z.array(z.uuid()) }).meta({ id: 'RetentionReport' });

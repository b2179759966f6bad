/** zod shapes of a pipeline and its stages (stages are data: each tenant can change them). */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

/** Fields a stage may require of an opportunity; `custom.<key>` names a value in its custom object. */
export const GATE_FIELDS = ['amount', 'expectedCloseOn', 'organisationId', 'personId', 'ownerId', 'description', 'quoteId', 'contractId', 'winReason', 'lossReason'] as const;
const gateField = z.union([z.enum(GATE_FIELDS), z.string().regex(/^custom\.[a-z][a-zA-Z0-9_]{0,62}$/, 'a field name or custom.<key>')]);

export const stageSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
    name: text(100, 1),
    probability: z.number().min(0).max(100).describe('Per cent, used by the weighted forecast'),
    ownerRole: text(60).nullable().default(null).describe('Who is responsible in this stage (a role such as sales, presales, project_manager, finance, service)'),
    requiredFields: z.array(gateField).max(20).default([]).describe('The stage gate: what an opportunity must have to enter this stage'),
    outcome: z.enum(['open', 'won', 'lost']).default('open'),
  })
  .meta({ id: 'PipelineStage' });
export type Stage = z.infer<typeof stageSchema>;

const stages = z
  .array(stageSchema)
  .min(2)
  .max(30)
  .refine((list) => new Set(list.map((s) => s.key)).size === list.length, 'stage keys must be unique')
  .refine((list) => list.some((s) => s.outcome === 'open'), 'at least one open stage');

export const pipelineCreateSchema = z
  .strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), name: text(100, 1), kind: z.enum(['sales', 'project']), stages })
  .meta({ id: 'PipelineCreate' });
export type PipelineCreate = z.infer<typeof pipelineCreateSchema>;

export const pipelinePatchSchema = z
  .strictObject({ name: text(100, 1).optional(), stages: stages.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'PipelinePatch' });
export type PipelinePatch = z.infer<typeof pipelinePatchSchema>;

export const pipelineSchema = z
  .object({ id: z.uuid(), key: z.string(), name: z.string(), kind: z.enum(['sales', 'project']), stages: z.array(stageSchema), createdAt: z.string(), updatedAt: z.string(), version: z.number().int() })
  .meta({ id: 'Pipeline' });
export type Pipeline = z.infer<typeof pipelineSchema>;

/** zod shapes of an opportunity (a sale) or a project — the same record on a different pipeline. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';
import { currencyCode, moneyInput } from './money.schema.ts';

const custom = z
  .record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,62}$/), z.union([text(2000), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 custom values')
  .describe('Values the stage gates can require (custom.<key>), e.g. bidDeadline, siteManager, acceptanceDate, warrantyEndOn');

const fields = {
  name: text(300, 1),
  pipeline: text(60, 1).optional().describe('Pipeline id or key (sales, project); default sales'),
  stage: text(40, 1).optional().describe('Starting stage; default the first'),
  amount: moneyInput.nullable().optional(),
  currency: currencyCode.optional(),
  expectedCloseOn: isoDate.nullable().optional(),
  organisationId: z.uuid().nullable().optional(),
  personId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  stageOwnerId: z.uuid().nullable().optional().describe('Who is responsible in the current stage; default the owner'),
  description: text(10_000).nullable().optional(),
  quoteId: z.uuid().nullable().optional(),
  contractId: z.uuid().nullable().optional(),
  winReason: text(500).nullable().optional(),
  lossReason: text(500).nullable().optional(),
  custom: custom.optional(),
};

export const opportunityCreateSchema = z.strictObject(fields).meta({ id: 'OpportunityCreate' });
export type OpportunityCreate = z.infer<typeof opportunityCreateSchema>;

const { pipeline: _p, stage: _s, ...patchFields } = fields;
export const opportunityPatchSchema = z
  .strictObject({ ...patchFields, name: fields.name.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'OpportunityPatch' });
export type OpportunityPatch = z.infer<typeof opportunityPatchSchema>;

export const stageMoveSchema = z
  .strictObject({
    stage: text(40, 1),
    stageOwnerId: z.uuid().nullable().optional().describe('Responsible owner in the new stage; default the opportunity owner'),
    set: opportunityPatchSchema.optional().describe('Fields to set in the same step (e.g. the loss reason when moving to lost)'),
  })
  .meta({ id: 'StageMove' });
export type StageMove = z.infer<typeof stageMoveSchema>;

export const opportunitySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['sales', 'project']),
    pipelineId: z.uuid(),
    stage: z.string(),
    stageOwnerId: z.uuid().nullable(),
    stageEnteredAt: z.string(),
    status: z.enum(['open', 'won', 'lost']),
    probability: z.string().describe('Per cent, from the stage'),
    amount: z.string().nullable().describe('Decimal string'),
    currency: z.string(),
    expectedCloseOn: z.string().nullable(),
    organisationId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    description: z.string().nullable(),
    quoteId: z.uuid().nullable(),
    contractId: z.uuid().nullable(),
    winReason: z.string().nullable(),
    lossReason: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof opportunitySchema>;

export const opportunityListQuerySchema = z.strictObject({
  pipeline: text(60).optional(),
  stage: text(40).optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  ownerId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  personId: z.uuid().optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type OpportunityListQuery = z.infer<typeof opportunityListQuerySchema>;
export const opportunityPageSchema = pageOf(opportunitySchema, 'OpportunityPage');

export const stageHistorySchema = z
  .object({ stage: z.string(), ownerId: z.uuid().nullable(), enteredAt: z.string(), leftAt: z.string().nullable(), secondsInStage: z.number().int(), movedBy: z.uuid().nullable() })
  .meta({ id: 'StageStay' });

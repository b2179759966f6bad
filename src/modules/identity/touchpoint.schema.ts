/** zod shapes of the identity API: records to match or receive, candidates with explanations, review and merges. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

const SOURCE = /^(import|api|web_form|portal|dealer:[\p{L}\p{N}_.-]{1,60}|import:[\p{L}\p{N}_.-]{1,60})$/u;
export const sourceSchema = z.string().max(80).regex(SOURCE, 'source: import, api, web_form, portal, dealer:<name> or import:<name>');

export const touchpointRecordSchema = z
  .strictObject({
    name: text(200, 1).describe('In any script: 张伟, 張偉, Wei Zhang, ZHANG Wei'),
    mobile: text(100).optional(),
    phone: text(100).optional().describe('Any phone, several separated by ; , / 、'),
    email: text(254).optional(),
    address: text(500).optional().describe('A Chinese address as written'),
    company: text(200).optional(),
    birthDate: text(40).optional().describe('2024-01-02, 2024/1/2, 2024年1月2日, 20240102…'),
    gender: text(20).optional(),
    wechat: text(100).optional(),
  })
  .meta({ id: 'TouchpointRecord' });

const threshold = z.number().min(0).max(1);
export const matchRequestSchema = z
  .strictObject({
    record: touchpointRecordSchema,
    limit: z.number().int().min(1).max(20).default(5),
    linkThreshold: threshold.optional().describe('At or above: the same person (default 0.95)'),
    reviewThreshold: threshold.optional().describe('At or above (below link): worth a human look (default 0.5)'),
  })
  .meta({ id: 'MatchRequest' });

export const explanationSchema = z
  .object({
    priorWeight: z.number(),
    totalWeight: z.number().describe('log2 odds: prior plus every field weight'),
    probability: z.number(),
    vetoedBy: z.string().nullable(),
    fields: z.array(z.object({ comparison: z.string(), level: z.string(), weight: z.number(), bayesFactor: z.number(), tfAdjustment: z.number(), left: z.string(), right: z.string() })),
  })
  .meta({ id: 'MatchExplanation' });

export const matchResponseSchema = z
  .object({
    decision: z.enum(['link', 'review', 'new']).describe('What the thresholds say about the best candidate'),
    normalised: z.record(z.string(), z.unknown()),
    candidates: z.array(z.object({ personId: z.uuid(), name: z.string(), probability: z.number(), decision: z.enum(['same', 'review', 'different']), vetoedBy: z.string().nullable(), explanation: explanationSchema.nullable() })),
  })
  .meta({ id: 'MatchResult' });

export const touchpointCreateSchema = z
  .strictObject({
    source: sourceSchema,
    key: z.string().min(1).max(200).optional().describe('Your id for this record: sending it again stores nothing twice'),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    record: touchpointRecordSchema,
  })
  .meta({ id: 'TouchpointCreate' });

export const touchpointSchema = z
  .object({
    id: z.uuid(),
    source: z.string(),
    receivedAt: z.string(),
    raw: z.record(z.string(), z.string()),
    normalised: z.record(z.string(), z.unknown()),
    personId: z.uuid(),
    status: z.string(),
    linkKind: z.string(),
    matchProbability: z.number().nullable(),
    explanation: explanationSchema.nullable(),
    importId: z.uuid().nullable(),
    line: z.number().int().nullable(),
  })
  .meta({ id: 'Touchpoint' });

export const touchpointReceivedSchema = z.object({ touchpoint: touchpointSchema, created: z.boolean(), review: z.object({ personId: z.uuid(), probability: z.number() }).nullable() }).meta({ id: 'TouchpointReceived' });

export const goldenValueSchema = z.object({ value: z.string(), rule: z.string(), touchpointId: z.uuid(), source: z.string(), receivedAt: z.string(), seen: z.number().int() });
export const personTouchpointsSchema = z.object({ items: z.array(touchpointSchema), golden: z.record(z.string(), goldenValueSchema).describe('Per field, the surviving value and why') }).meta({ id: 'PersonTouchpoints' });

export const importQuerySchema = z.strictObject({
  source: sourceSchema.default('import'),
  mapping: z.string().max(2000).optional().describe('column=field,… for headers not recognised (fields: name, mobile, phone, email, address, company, birthDate, gender, wechat)'),
});

export const importStatusSchema = z
  .object({ id: z.uuid(), source: z.string(), fileName: z.string(), contentHash: z.string(), status: z.string(), rowsRead: z.number().int(), created: z.number().int(), matched: z.number().int(), review: z.number().int(), rejected: z.number().int(), startedAt: z.string(), finishedAt: z.string().nullable() })
  .meta({ id: 'PeopleImport' });

export const reviewQuerySchema = z.strictObject({ status: z.enum(['open', 'same', 'different']).default('open'), limit: z.coerce.number().int().min(1).max(100).default(25) });
export const reviewPairSchema = z
  .object({ id: z.uuid(), leftId: z.uuid(), rightId: z.uuid(), leftName: z.string(), rightName: z.string(), probability: z.number(), explanation: z.record(z.string(), z.unknown()), status: z.string(), decidedAt: z.string().nullable(), decidedBy: z.uuid().nullable() })
  .meta({ id: 'ReviewPair' });
export const decisionSchema = z.strictObject({ decision: z.enum(['same', 'different']), merge: z.boolean().default(true).describe('With "same": merge the two people at once') });

export const mergeCreateSchema = z.strictObject({ survivorId: z.uuid(), mergedId: z.uuid() }).meta({ id: 'MergeCreate' });
export const mergeSchema = z.object({ id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), touchpointsMoved: z.number().int(), relationsMoved: z.number().int() }).meta({ id: 'Merge' });
export const decisionResultSchema = z.object({ id: z.uuid(), status: z.string(), merge: mergeSchema.nullable() });

export const mergeRecordSchema = z
  .object({ id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), mergedAt: z.string(), mergedBy: z.uuid().nullable(), undoneAt: z.string().nullable(), undoneBy: z.uuid().nullable() })
  .meta({ id: 'MergeRecord' });

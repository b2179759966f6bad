/** zod shapes of the identity API: records to match or receive, candidates with explanations, review and merges. */
import { z } from 'zod';
import { importReportSchema } from './import/people-import.ts';
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

export const importQuerySchemaWithMode = importQuerySchema.extend({
  background: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('true: answer 202 at once with the import to poll (GET /identity/imports/{id}); false: wait and answer 200 with the report'),
});

export const importStatusSchema = z
  .object({
    id: z.uuid(), source: z.string(), fileName: z.string(), contentHash: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    fileSize: z.number().int().nullable().describe('Bytes uploaded (null: imported from the command line)'),
    bytesRead: z.number().int().describe('Bytes of the file read so far: progress is bytesRead / fileSize'),
    rowsRead: z.number().int(), created: z.number().int(), matched: z.number().int(), review: z.number().int(), rejected: z.number().int(),
    error: z.string().nullable().describe('Why a failed import stopped'),
    report: importReportSchema.nullable().describe('The final report, once done'),
    startedAt: z.string(), finishedAt: z.string().nullable(), createdBy: z.uuid().nullable(),
  })
  .meta({ id: 'PeopleImport' });

export const reviewQuerySchema = z.strictObject({ status: z.enum(['open', 'same', 'different']).default('open'), limit: z.coerce.number().int().min(1).max(100).default(25) });
export const reviewPairSchema = z
  .object({ id: z.uuid(), leftId: z.uuid(), rightId: z.uuid(), leftName: z.string(), rightName: z.string(), probability: z.number(), explanation: z.record(z.string(), z.unknown()), status: z.string(), decidedAt: z.string().nullable(), decidedBy: z.uuid().nullable() })
  .meta({ id: 'ReviewPair' });
export const decisionSchema = z.strictObject({ decision: z.enum(['same', 'different']), merge: z.boolean().default(true).describe('With "same": merge the two people at once') });

export const mergeCreateSchema = z.strictObject({ survivorId: z.uuid(), mergedId: z.uuid() }).meta({ id: 'MergeCreate' });
export const mergeSchema = z.object({ id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), touchpointsMoved: z.number().int(), relationsMoved: z.number().int(),
  recordsMoved: z.record(z.string(), z.number().int()).describe('Other records moved to the survivor, per kind: interactions, participantsRemoved, tasks, opportunities, leads, quotes, contracts, orders, orderLines, receivables (kinds with none left out)'),
}).meta({ id: 'Merge' });
export const decisionResultSchema = z.object({ id: z.uuid(), status: z.string(), merge: mergeSchema.nullable() });

/** Ids are listed up to this many per kind (a merge of a big customer moves thousands of order lines). */
export const MOVED_IDS_LISTED = 50;
const movedKindSchema = z.object({ count: z.number().int(), ids: z.array(z.uuid()).nullable().describe(`The ids moved, when ${MOVED_IDS_LISTED} or fewer; null above`) });
export const mergeMovedSchema = z
  .object({
    touchpoints: movedKindSchema.describe('Source records moved to the survivor'),
    relations: z.record(z.string(), movedKindSchema).describe("Directory relations moved, per kind: memberships, familyMembers, relatedFamily, keyDates, consents (kinds with none left out)"),
    records: z.record(z.string(), movedKindSchema).describe("Other modules' records moved, per kind: interactions, participantsRemoved, tasks, opportunities, leads, quotes, contracts, orders, orderLines, receivables (kinds with none left out)"),
    reviewPairs: z.number().int().describe('Open review pairs the merge closed (reopened by un-merge)'),
  })
  .meta({ id: 'MergeMoved' });
export const mergeRestoresSchema = z
  .object({
    touchpoints: z.number().int().describe('Source records still on the survivor: exactly what comes back'),
    relations: z.number().int().describe('Directory relations that come back'),
    recordsAtMost: z.number().int().describe("Other modules' records that come back at most: one re-assigned since the merge stays where it was put"),
    reviewPairs: z.number().int(),
  })
  .meta({ id: 'MergeRestores' });
export const mergeRecordSchema = z
  .object({
    id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), mergedAt: z.string(), mergedBy: z.uuid().nullable(), undoneAt: z.string().nullable(), undoneBy: z.uuid().nullable(),
    survivorName: z.string().nullable().describe('null when the caller may not see the survivor'),
    mergedName: z.string().nullable().describe("The merged person's name; null when the caller may not see them"),
    moved: mergeMovedSchema.nullable().describe('What the merge moved (null: made before merges recorded it)'),
    restores: mergeRestoresSchema.nullable().describe('What un-merge would put back (null once undone); the merged person becomes a customer of their own again'),
  })
  .meta({ id: 'MergeRecord' });

export const retrainSchema = z
  .strictObject({
    mWeight: z.number().min(1).max(1_000_000).optional().describe('How many decided pairs the unsupervised m estimate counts for (default 200)'),
    uWeight: z.number().min(1).max(100_000_000).optional().describe('How many decided pairs the random-pair u estimate counts for (default 50,000)'),
  })
  .meta({ id: 'IdentityRetrain' });
const weightChangeSchema = z.object({ comparison: z.string(), level: z.string(), before: z.number(), after: z.number() });
export const retrainResultSchema = z
  .object({ id: z.uuid(), same: z.number().int().describe('Pairs decided same (reviews and hand merges of a queued pair)'), different: z.number().int(), changes: z.array(weightChangeSchema).describe('log2 Bayes factors that moved, before → after') })
  .meta({ id: 'IdentityRetrainResult' });
export const modelSchema = z
  .object({
    id: z.uuid().nullable().describe('null: the shipped defaults (never retrained)'),
    trainedAt: z.string().nullable(),
    same: z.number().int(),
    different: z.number().int(),
    comparisons: z.array(z.object({ name: z.string(), levels: z.array(z.object({ level: z.string(), m: z.number(), u: z.number(), weight: z.number() })) })),
  })
  .meta({ id: 'IdentityModel' });

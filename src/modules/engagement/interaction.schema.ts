/** zod shapes of an interaction (a logged contact on any channel) and of its list query. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, repeated, text } from '../../kernel/schema.ts';

export const CHANNELS = ['visit', 'phone', 'email', 'letter', 'fax', 'questionnaire', 'wechat', 'meeting', 'other'] as const;
export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export const OUTCOMES = ['positive', 'neutral', 'negative', 'no_answer', 'follow_up', 'closed'] as const;
export const CONFIRMATION_STATUSES = ['not_required', 'pending', 'confirmed', 'disputed'] as const;
export const RELATED_TYPES = ['lead', 'opportunity', 'quote', 'contract', 'order', 'case'] as const;

export const timestamp = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time with offset');

const fields = {
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS).default('outbound'),
  subject: text(300, 1),
  notes: text(20_000).nullable().optional(),
  occurredAt: timestamp.optional().describe('When it happened; default now'),
  durationMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  outcome: z.enum(OUTCOMES).nullable().optional(),
  personIds: z.array(z.uuid()).max(50).optional().describe('Their people who took part'),
  organisationId: z.uuid().nullable().optional(),
  userIds: z.array(z.uuid()).max(50).optional().describe('Our users who took part; default the caller'),
  relatedType: z.enum(RELATED_TYPES).nullable().optional(),
  relatedId: z.uuid().nullable().optional(),
  followUpOn: isoDate.nullable().optional().describe('A follow-up date: creates an open task for the first participant user'),
  followUpTitle: text(300).optional(),
};

export const interactionCreateSchema = z.strictObject(fields).meta({ id: 'InteractionCreate' });
export type InteractionCreate = z.infer<typeof interactionCreateSchema>;

export const interactionPatchSchema = z
  .strictObject({ ...fields, channel: fields.channel.optional(), direction: z.enum(DIRECTIONS).optional(), subject: fields.subject.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'InteractionPatch' });
export type InteractionPatch = z.infer<typeof interactionPatchSchema>;

export const confirmationSchema = z
  .strictObject({
    status: z.enum(['confirmed', 'disputed', 'pending']),
    attachmentId: z.uuid().nullable().optional().describe('The confirming document (an attachment of this interaction); required to confirm'),
  })
  .meta({ id: 'VisitConfirmation' });
export type Confirmation = z.infer<typeof confirmationSchema>;

export const interactionSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    subject: z.string(),
    notes: z.string().nullable(),
    occurredAt: z.string(),
    durationMinutes: z.number().int().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    personIds: z.array(z.uuid()),
    organisationId: z.uuid().nullable(),
    userIds: z.array(z.uuid()),
    relatedType: z.enum(RELATED_TYPES).nullable(),
    relatedId: z.uuid().nullable(),
    followUpOn: z.string().nullable(),
    followUpTaskId: z.uuid().nullable(),
    confirmationStatus: z.enum(CONFIRMATION_STATUSES),
    confirmationAttachmentId: z.uuid().nullable(),
    confirmedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Interaction' });
export type Interaction = z.infer<typeof interactionSchema>;

export const interactionListQuerySchema = z.strictObject({
  personId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  channel: repeated(z.enum(CHANNELS), 9),
  outcome: z.enum(OUTCOMES).optional(),
  confirmationStatus: z.enum(CONFIRMATION_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type InteractionListQuery = z.infer<typeof interactionListQuerySchema>;

export const interactionPageSchema = pageOf(interactionSchema, 'InteractionPage');

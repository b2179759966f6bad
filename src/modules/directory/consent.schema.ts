import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'wechat', 'post'] as const;

export const consentCreateSchema = z
  .strictObject({
    channel: z.enum(CONSENT_CHANNELS),
    status: z.enum(['granted', 'withdrawn']),
    source: text(200, 1).describe('Where the consent was given: web form, signed paper form, call recording…'),
    evidence: text(1000).nullable().optional().describe('A reference to the proof: document id, recording id, URL'),
  })
  .meta({ id: 'ConsentCreate' });

export const consentSchema = z
  .object({ id: z.uuid(), channel: z.enum(CONSENT_CHANNELS), status: z.enum(['granted', 'withdrawn']), source: z.string(), evidence: z.string().nullable(), recordedAt: z.string(), recordedBy: z.uuid().nullable() })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof consentSchema>;

export const consentsSchema = z
  .object({
    current: z.record(z.string(), z.enum(['granted', 'withdrawn', 'unknown'])).describe('The latest decision per channel'),
    history: z.array(consentSchema),
  })
  .meta({ id: 'Consents' });

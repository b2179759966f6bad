import { z } from 'zod';
import { cursorParam, limitParam } from '../../kernel/schema.ts';

export const auditQuerySchema = z.strictObject({
  actorId: z.uuid().optional(),
  objectType: z.string().regex(/^[a-z_]{1,40}$/).optional(),
  objectId: z.uuid().optional(),
  type: z.string().regex(/^[a-z_.]{1,80}$/).optional().describe('Event type or prefix, e.g. directory.person or audit.read'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    objectType: z.string(),
    objectId: z.uuid(),
    actorId: z.uuid().nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    occurredAt: z.string(),
    details: z.unknown().describe('What changed (before/after) or what was read'),
    sealed: z.boolean().describe('Part of the hash chain yet (sealing follows the write within seconds)'),
    chainPosition: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });
export const verifySchema = z
  .object({ ok: z.boolean(), checked: z.number().int(), unsealed: z.number().int(), problem: z.object({ chainPos: z.string(), eventId: z.string().nullable(), reason: z.string() }).optional() })
  .meta({ id: 'AuditVerifyReport' });

export const anchorSchema = z
  .object({ chainPos: z.string(), hash: z.string(), anchor: z.string().describe('gxa1.<position>.<hash> — keep it outside the database (a ticket, a mail, another system)') })
  .meta({ id: 'AuditAnchor' });

export const verifyBodySchema = z
  .strictObject({
    anchors: z.array(z.string().regex(/^gxa1\.\d{1,19}\.[0-9a-f]{64}$/, 'an anchor looks like gxa1.<position>.<64 hex digits>')).max(1000).optional(),
  })
  .nullish(); // no body at all: verify the chain alone

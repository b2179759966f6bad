/** zod shapes of the customer timeline. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, repeated, text } from '../../kernel/schema.ts';

export const timelineQuerySchema = z.strictObject({
  kind: repeated(text(40, 1).regex(/^[a-z_]+$/, 'a record kind such as interaction, opportunity, order'), 20).describe('Only these kinds of record (interaction, task, attachment, person, organisation, lead, opportunity, quote, contract, order, receivable, payment …)'),
  from: isoDate.optional().describe('On or after this date (UTC)'),
  to: isoDate.optional().describe('On or before this date (UTC)'),
  limit: limitParam,
  cursor: cursorParam,
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

export const timelineEntrySchema = z
  .object({
    eventId: z.uuid(),
    subjectType: z.enum(['person', 'organisation']),
    subjectId: z.uuid(),
    kind: z.string(),
    eventType: z.string(),
    aggregateId: z.uuid(),
    occurredAt: z.string(),
    summary: z.string(),
    actorId: z.uuid().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelinePageSchema = pageOf(timelineEntrySchema, 'TimelinePage');

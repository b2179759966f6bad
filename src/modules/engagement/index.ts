/**
 * Engagement: interactions on every channel (visit, phone, e-mail, letter, fax, questionnaire, WeChat, meeting),
 * with participants, outcomes, attachments (behind a storage interface, on disk by default), follow-up tasks and
 * written visit confirmation; and the one customer timeline, a projection of the outbox fed by a consumer.
 *
 * To appear on a customer's timeline, an event of any module puts `subjects: [{ type: 'person' | 'organisation',
 * id }]` and a human `summary` in its payload (and `occurredAt` when the business time differs from now).
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngagementService } from './engagement.service.ts';
import { taskAndTimelineRoutes } from './engagement.routes.ts';
import { interactionRoutes } from './interaction.routes.ts';

export { createEngagementService, type EngagementService } from './engagement.service.ts';
export type { EngagementDeps, Subject } from './engagement.deps.ts';
export type { Interaction, InteractionCreate } from './interaction.schema.ts';
export type { TimelineEntry } from './timeline.schema.ts';

export const engagementMigrations = { module: 'engagement', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export function engagementRoutes(engagement: EngagementService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(interactionRoutes(engagement));
    await app.register(taskAndTimelineRoutes(engagement));
  };
}
export { transferEngagementOwnership } from './ownership.ts';
export { createEngagementPersonRelink, type EngagementRelinkState } from './person-relink.ts';
export { createEngagementOrganisationRelink } from './organisation-relink.ts';

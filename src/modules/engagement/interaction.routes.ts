/** /api/v1/interactions — log contacts on any channel, attach files, confirm visits in writing. */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { ALLOWED_TYPES } from './attachment.service.ts';
import type { EngagementService } from './engagement.service.ts';
import { engagementErrors, versionFromIfMatch } from './engagement.errors.ts';
import { confirmationSchema, interactionCreateSchema, interactionListQuerySchema, interactionPageSchema, interactionPatchSchema, interactionSchema } from './interaction.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const tags = ['interactions'];

export const attachmentSchema = z
  .object({ id: z.uuid(), ownerType: z.string(), ownerId: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), createdAt: z.string(), createdBy: z.uuid().nullable() })
  .meta({ id: 'Attachment' });

export function interactionRoutes(engagement: EngagementService): FastifyPluginAsyncZod {
  const { interactions, attachments } = engagement;
  return async (app) => {
    // Any signed-in user; per-record visibility is not applied to these records yet (see the report/README).
    defaultPolicy(app, 'user');
    await app.register(multipart, { limits: { fileSize: engagement.attachmentMaxBytes, files: 1, fields: 0, parts: 2 } });

    app.get('/interactions', { schema: { tags, summary: 'List interactions (newest first)', querystring: interactionListQuerySchema, response: { 200: interactionPageSchema } } }, async (request) =>
      interactions.list(actorOf(request), request.query),
    );
    app.post('/interactions', { schema: { tags, summary: 'Log an interaction (a follow-up date creates a task)', body: interactionCreateSchema, response: { 201: interactionSchema } } }, async (request, reply) => {
      const interaction = await interactions.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/interactions/${interaction.id}`).header('etag', `"${interaction.version}"`).send(interaction);
    });
    app.get('/interactions/:id', { schema: { tags, summary: 'One interaction', params: idParams, response: { 200: interactionSchema } } }, async (request, reply) => {
      const interaction = await interactions.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${interaction.version}"`).send(interaction);
    });
    app.patch('/interactions/:id', { schema: { tags, summary: 'Change an interaction', params: idParams, headers: ifMatch, body: interactionPatchSchema, response: { 200: interactionSchema } } }, async (request, reply) => {
      const interaction = await interactions.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${interaction.version}"`).send(interaction);
    });
    app.delete('/interactions/:id', { schema: { tags, summary: 'Delete an interaction (restorable)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await interactions.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/interactions/:id/restore', { schema: { tags, summary: 'Restore a deleted interaction', params: idParams, response: { 200: interactionSchema } } }, async (request) =>
      interactions.restore(actorOf(request), request.params.id),
    );
    app.post('/interactions/:id/confirmation', { schema: { tags, summary: 'Record the customer’s written confirmation of a visit', params: idParams, headers: ifMatch, body: confirmationSchema, response: { 200: interactionSchema } } }, async (request, reply) => {
      const interaction = await interactions.confirm(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${interaction.version}"`).send(interaction);
    });

    app.get('/interactions/:id/attachments', { schema: { tags, summary: 'Files attached to an interaction', params: idParams, response: { 200: z.object({ items: z.array(attachmentSchema) }) } } }, async (request) => ({
      items: await attachments.list(actorOf(request), request.params.id),
    }));
    app.post(
      '/interactions/:id/attachments',
      {
        schema: {
          tags,
          summary: `Attach a file (multipart/form-data, one part named "file"; at most the configured size; types: ${ALLOWED_TYPES.join(', ')})`,
          consumes: ['multipart/form-data'],
          params: idParams,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw engagementErrors.unsupportedType(String(request.headers['content-type'] ?? 'none'), ['multipart/form-data']);
        const file = await request.file();
        if (!file || file.fieldname !== 'file') throw engagementErrors.noFile();
        const attachment = await attachments.upload(actorOf(request), request.params.id, { fileName: file.filename, contentType: file.mimetype, stream: file.file, truncated: () => file.file.truncated });
        return reply.code(201).header('location', `/api/v1/attachments/${attachment.id}`).send(attachment);
      },
    );
    app.get('/attachments/:id', { schema: { tags, summary: 'An attachment’s description', params: idParams, response: { 200: attachmentSchema } } }, async (request) => attachments.get(actorOf(request), request.params.id));
    app.get('/attachments/:id/content', { schema: { tags, summary: 'Download an attachment', params: idParams } }, async (request, reply) => {
      const { attachment, stream } = await attachments.open(actorOf(request), request.params.id);
      return reply
        .type(attachment.contentType)
        .header('content-length', attachment.sizeBytes)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    });
    app.delete('/attachments/:id', { schema: { tags, summary: 'Delete an attachment', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await attachments.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  };
}

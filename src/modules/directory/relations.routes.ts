/** Deleting memberships and family members; key dates; custom field definitions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';
import { actorOf } from '../../platform/http/principal.ts';
import { customFieldCreateSchema, customFieldPatchSchema, customFieldSchema, OBJECT_TYPES } from './custom-field.schema.ts';
import type { DirectoryService } from './directory.service.ts';
import { versionFromIfMatch } from './directory.errors.ts';
import { keyDateCreateSchema, keyDateListQuerySchema, keyDateSchema } from './relations.schema.ts';

export function relationRoutes(directory: DirectoryService): FastifyPluginAsyncZod {
  const { relations, customFields } = directory;
  return async (app) => {
    app.delete('/memberships/:id', { config: { policy: { object: 'person' } }, schema: { tags: ['people'], summary: 'Unlink a person from an organisation', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await relations.removeMembership(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
    app.delete('/family-members/:id', { config: { policy: { object: 'person' } }, schema: { tags: ['people'], summary: 'Remove a family member', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await relations.removeFamilyMember(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });

    app.get('/key-dates', { config: { policy: { object: 'key_date' } }, schema: { tags: ['key dates'], summary: 'Key dates of a person or organisation, or everything coming up', querystring: keyDateListQuerySchema, response: { 200: z.object({ items: z.array(keyDateSchema) }) } } }, async (request) => ({
      items: await relations.listKeyDates(actorOf(request), request.query),
    }));
    app.post('/key-dates', { config: { policy: { object: 'key_date' } }, schema: { tags: ['key dates'], summary: 'Add a key date (anniversary, contract date…)', body: keyDateCreateSchema, response: { 201: keyDateSchema } } }, async (request, reply) =>
      reply.code(201).send(await relations.addKeyDate(actorOf(request), request.body)),
    );
    app.delete('/key-dates/:id', { config: { policy: { object: 'key_date' } }, schema: { tags: ['key dates'], summary: 'Remove a key date', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await relations.removeKeyDate(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });

    const cfTags = ['custom fields'];
    app.get('/custom-fields', { config: { policy: 'user' }, schema: { tags: cfTags, summary: 'Custom field definitions', querystring: z.strictObject({ objectType: z.enum(OBJECT_TYPES).optional() }), response: { 200: z.object({ items: z.array(customFieldSchema) }) } } }, async (request) => ({
      items: await customFields.list(actorOf(request).tenantId, request.query.objectType),
    }));
    app.post('/custom-fields', { config: { policy: 'admin' }, schema: { tags: cfTags, summary: 'Define a custom field', body: customFieldCreateSchema, response: { 201: customFieldSchema } } }, async (request, reply) => {
      const field = await customFields.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/custom-fields/${field.id}`).send(field);
    });
    app.patch('/custom-fields/:id', { config: { policy: 'admin' }, schema: { tags: cfTags, summary: 'Change a custom field (label, options, required)', params: idParams, headers: ifMatchHeaders, body: customFieldPatchSchema, response: { 200: customFieldSchema } } }, async (request) =>
      customFields.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match'])),
    );
    app.delete('/custom-fields/:id', { config: { policy: 'admin' }, schema: { tags: cfTags, summary: 'Remove a custom field definition (values are kept)', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await customFields.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  };
}

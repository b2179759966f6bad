/** /api/v1/organisations — CRUD, list, and the people who work there. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { DirectoryService } from './directory.service.ts';
import { versionFromIfMatch } from './directory.errors.ts';
import { organisationCreateSchema, organisationListQuerySchema, organisationPageSchema, organisationPatchSchema, organisationSchema } from './organisation.schema.ts';
import { membershipSchema } from './relations.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const tags = ['organisations'];

export function organisationRoutes(directory: DirectoryService): FastifyPluginAsyncZod {
  const { organisations, relations } = directory;
  return async (app) => {
    defaultPolicy(app, { object: 'organisation' });
    app.get('/organisations', { schema: { tags, summary: 'List organisations', querystring: organisationListQuerySchema, response: { 200: organisationPageSchema } } }, async (request) =>
      organisations.list(actorOf(request), request.query),
    );
    app.post('/organisations', { schema: { tags, summary: 'Create an organisation', body: organisationCreateSchema, response: { 201: organisationSchema } } }, async (request, reply) => {
      const organisation = await organisations.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/organisations/${organisation.id}`).header('etag', `"${organisation.version}"`).send(organisation);
    });
    app.get('/organisations/:id', { schema: { tags, summary: 'One organisation', params: idParams, response: { 200: organisationSchema } } }, async (request, reply) => {
      const organisation = await organisations.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${organisation.version}"`).send(organisation);
    });
    app.patch('/organisations/:id', { schema: { tags, summary: 'Change an organisation', params: idParams, headers: ifMatch, body: organisationPatchSchema, response: { 200: organisationSchema } } }, async (request, reply) => {
      const organisation = await organisations.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${organisation.version}"`).send(organisation);
    });
    app.delete('/organisations/:id', { schema: { tags, summary: 'Delete an organisation (restorable)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await organisations.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/organisations/:id/restore', { schema: { tags, summary: 'Restore a deleted organisation', params: idParams, response: { 200: organisationSchema } } }, async (request) =>
      organisations.restore(actorOf(request), request.params.id),
    );
    app.get('/organisations/:id/people', { schema: { tags, summary: 'People at this organisation', params: idParams, response: { 200: z.object({ items: z.array(membershipSchema) }) } } }, async (request) => ({
      items: await relations.listMemberships(actorOf(request), { organisationId: request.params.id }),
    }));
  };
}

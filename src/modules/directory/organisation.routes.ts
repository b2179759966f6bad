/** /api/v1/organisations — CRUD, list, the people who work there, and merging duplicates (and un-merging). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { DirectoryService } from './directory.service.ts';
import { versionFromIfMatch } from './directory.errors.ts';
import { organisationCreateSchema, organisationListQuerySchema, organisationPageSchema, organisationPatchSchema, organisationSchema } from './organisation.schema.ts';
import { membershipSchema } from './relations.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';
import { mergeIdParams, organisationMergeInputSchema, organisationMergePreviewQuerySchema, organisationMergePreviewSchema, organisationMergeResultSchema, organisationMergeSchema, organisationUnmergeResultSchema } from './organisation-merge.schema.ts';

const ifMatch = ifMatchHeaders;
const tags = ['organisations'];

export function organisationRoutes(directory: DirectoryService): FastifyPluginAsyncZod {
  const { organisations, relations, organisationMerges } = directory;
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
    app.get('/organisations/:id/merge-preview', { schema: { tags, summary: 'What merging a duplicate into this organisation would move (nothing is changed)', params: idParams, querystring: organisationMergePreviewQuerySchema, response: { 200: organisationMergePreviewSchema } } }, async (request) =>
      organisationMerges.preview(actorOf(request), request.params.id, request.query.duplicateId),
    );
    app.post('/organisations/:id/merge', { schema: { tags, summary: 'Merge a duplicate into this organisation (If-Match: this one\'s version)', params: idParams, headers: ifMatch, body: organisationMergeInputSchema, response: { 201: organisationMergeResultSchema } } }, async (request, reply) => {
      const merge = await organisationMerges.merge(actorOf(request), request.params.id, request.body.duplicateId, versionFromIfMatch(request.headers['if-match']));
      return reply.code(201).header('location', `/api/v1/organisations/${merge.survivorId}/merges`).send(merge);
    });
    app.get('/organisations/:id/merges', { schema: { tags, summary: 'Merges this organisation took part in (survivor or duplicate), newest first', params: idParams, response: { 200: z.object({ items: z.array(organisationMergeSchema) }) } } }, async (request) => ({
      items: await organisationMerges.list(actorOf(request), request.params.id),
    }));
    app.post('/organisations/merges/:mergeId/unmerge', { schema: { tags, summary: 'Undo a merge exactly (409 when a later change makes that impossible)', params: mergeIdParams, response: { 200: organisationUnmergeResultSchema } } }, async (request) =>
      organisationMerges.unmerge(actorOf(request), request.params.mergeId),
    );
  };
}

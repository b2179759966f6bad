/** Saved views of the people and organisation lists, per user, optionally shared with a team. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ifMatchHeaders, versionFromIfMatch } from '../../kernel/concurrency.ts';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { savedViewCreateSchema, savedViewListQuery, savedViewListSchema, savedViewPatchSchema, savedViewSchema } from './views.schema.ts';
import type { ViewService } from './views.service.ts';

export function viewRoutes(views: ViewService): FastifyPluginAsyncZod {
  return async (app) => {
    // Every signed-in user keeps their own views; the service limits each one to its owner and team.
    defaultPolicy(app, 'user');
    const tags = ['views'];
    app.get('/saved-views', { schema: { tags, summary: 'Your saved views of a list, and those your teams share', querystring: savedViewListQuery, response: { 200: savedViewListSchema } } }, async (request) => ({
      items: await views.list(actorOf(request), request.query.objectType),
    }));
    app.post('/saved-views', { schema: { tags, summary: 'Save a view (name, filters, sort, columns), optionally shared with one of your teams', body: savedViewCreateSchema, response: { 201: savedViewSchema } } }, async (request, reply) => {
      const view = await views.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/saved-views/${view.id}`).header('etag', `"${view.version}"`).send(view);
    });
    app.get('/saved-views/:id', { schema: { tags, summary: 'One saved view', params: idParams, response: { 200: savedViewSchema } } }, async (request, reply) => {
      const view = await views.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${view.version}"`).send(view);
    });
    app.patch('/saved-views/:id', { schema: { tags, summary: 'Change your saved view', params: idParams, headers: ifMatchHeaders, body: savedViewPatchSchema, response: { 200: savedViewSchema } } }, async (request, reply) => {
      const view = await views.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${view.version}"`).send(view);
    });
    app.delete('/saved-views/:id', { schema: { tags, summary: 'Delete your saved view', params: idParams, headers: ifMatchHeaders, response: { 204: z.null() } } }, async (request, reply) => {
      await views.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
  };
}

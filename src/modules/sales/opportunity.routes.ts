/** /api/v1/opportunities (sales and projects alike), /pipelines with their kanban, /forecast. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { forecastQuerySchema, forecastSchema, kanbanQuerySchema, kanbanSchema } from './board.schema.ts';
import { opportunityCreateSchema, opportunityListQuerySchema, opportunityPageSchema, opportunityPatchSchema, opportunitySchema, stageHistorySchema, stageMoveSchema } from './opportunity.schema.ts';
import { pipelineCreateSchema, pipelinePatchSchema, pipelineSchema } from './pipeline.schema.ts';
import type { SalesService } from './sales.service.ts';
import { versionFromIfMatch } from './sales.errors.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const pipelineParams = z.strictObject({ id: z.string().min(1).max(60).regex(/^[a-z0-9_-]+$/i).describe('Pipeline id or key') });

export function opportunityRoutes(sales: SalesService): FastifyPluginAsyncZod {
  const { opportunities, pipelines, board } = sales;
  return async (app) => {
    // Any signed-in user may call; the service filters every opportunity through the access module's visibility.
    defaultPolicy(app, 'user');
    const tags = ['opportunities'];
    app.get('/opportunities', { schema: { tags, summary: 'List opportunities and projects', querystring: opportunityListQuerySchema, response: { 200: opportunityPageSchema } } }, async (request) => opportunities.list(actorOf(request), request.query));
    app.post('/opportunities', { schema: { tags, summary: 'Open an opportunity or a project (pipeline: sales | project | id)', body: opportunityCreateSchema, response: { 201: opportunitySchema } } }, async (request, reply) => {
      const opportunity = await opportunities.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/opportunities/${opportunity.id}`).header('etag', `"${opportunity.version}"`).send(opportunity);
    });
    app.get('/opportunities/:id', { schema: { tags, summary: 'One opportunity or project', params: idParams, response: { 200: opportunitySchema } } }, async (request, reply) => {
      const opportunity = await opportunities.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${opportunity.version}"`).send(opportunity);
    });
    app.patch('/opportunities/:id', { schema: { tags, summary: 'Change an opportunity (the current stage’s requirements must still hold)', params: idParams, headers: ifMatch, body: opportunityPatchSchema, response: { 200: opportunitySchema } } }, async (request, reply) => {
      const opportunity = await opportunities.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${opportunity.version}"`).send(opportunity);
    });
    app.post('/opportunities/:id/stage', { schema: { tags, summary: 'Move to a stage (the kanban drop); 422 lists every missing required field', params: idParams, headers: ifMatch, body: stageMoveSchema, response: { 200: opportunitySchema } } }, async (request, reply) => {
      const opportunity = await opportunities.move(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${opportunity.version}"`).send(opportunity);
    });
    app.get('/opportunities/:id/history', { schema: { tags, summary: 'Stage history with time in stage and the responsible owner', params: idParams, response: { 200: z.object({ items: z.array(stageHistorySchema) }) } } }, async (request) => ({
      items: await opportunities.history(actorOf(request), request.params.id),
    }));
    app.delete('/opportunities/:id', { schema: { tags, summary: 'Delete an opportunity (restorable)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await opportunities.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/opportunities/:id/restore', { schema: { tags, summary: 'Restore a deleted opportunity', params: idParams, response: { 200: opportunitySchema } } }, async (request) => opportunities.restore(actorOf(request), request.params.id));

    const pipelineTags = ['pipelines'];
    app.get('/pipelines', { schema: { tags: pipelineTags, summary: 'Pipelines and their stages (sales and engineering project are shipped)', response: { 200: z.object({ items: z.array(pipelineSchema) }) } } }, async (request) => ({ items: await pipelines.list(actorOf(request)) }));
    app.post('/pipelines', { config: { policy: 'admin' }, schema: { tags: pipelineTags, summary: 'Create a pipeline', body: pipelineCreateSchema, response: { 201: pipelineSchema } } }, async (request, reply) => {
      const pipeline = await pipelines.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/pipelines/${pipeline.id}`).header('etag', `"${pipeline.version}"`).send(pipeline);
    });
    app.get('/pipelines/:id', { schema: { tags: pipelineTags, summary: 'One pipeline (by id or key)', params: pipelineParams, response: { 200: pipelineSchema } } }, async (request, reply) => {
      const pipeline = await pipelines.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${pipeline.version}"`).send(pipeline);
    });
    app.patch('/pipelines/:id', { config: { policy: 'admin' }, schema: { tags: pipelineTags, summary: 'Rename or change the stages (a stage still holding opportunities cannot go)', params: pipelineParams, headers: ifMatch, body: pipelinePatchSchema, response: { 200: pipelineSchema } } }, async (request, reply) => {
      const pipeline = await pipelines.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${pipeline.version}"`).send(pipeline);
    });
    app.get('/pipelines/:id/kanban', { schema: { tags: pipelineTags, summary: 'Kanban: opportunities grouped by stage, with counts and totals', params: pipelineParams, querystring: kanbanQuerySchema, response: { 200: kanbanSchema } } }, async (request) =>
      board.kanban(actorOf(request), request.params.id, request.query),
    );
    app.get('/forecast', { schema: { tags: ['forecast'], summary: 'Weighted pipeline of open opportunities by expected-close month and owner', querystring: forecastQuerySchema, response: { 200: forecastSchema } } }, async (request) => board.forecast(actorOf(request), request.query));
  };
}

/** /api/v1/tasks and the customer timelines (/people/{id}/timeline, /organisations/{id}/timeline). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { EngagementService } from './engagement.service.ts';
import { versionFromIfMatch } from './engagement.errors.ts';
import { taskCreateSchema, taskListQuerySchema, taskPageSchema, taskPatchSchema, taskSchema } from './task.schema.ts';
import { timelinePageSchema, timelineQuerySchema } from './timeline.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;

export function taskAndTimelineRoutes(engagement: EngagementService): FastifyPluginAsyncZod {
  const { tasks, timeline } = engagement;
  return async (app) => {
    // Any signed-in user; per-record visibility is not applied to these records yet (see the report/README).
    defaultPolicy(app, 'user');
    const tags = ['tasks'];
    app.get('/tasks', { schema: { tags, summary: 'List tasks', querystring: taskListQuerySchema, response: { 200: taskPageSchema } } }, async (request) => tasks.list(actorOf(request), request.query));
    app.post('/tasks', { schema: { tags, summary: 'Create a task', body: taskCreateSchema, response: { 201: taskSchema } } }, async (request, reply) => {
      const task = await tasks.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/tasks/${task.id}`).header('etag', `"${task.version}"`).send(task);
    });
    app.get('/tasks/:id', { schema: { tags, summary: 'One task', params: idParams, response: { 200: taskSchema } } }, async (request, reply) => {
      const task = await tasks.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${task.version}"`).send(task);
    });
    app.patch('/tasks/:id', { schema: { tags, summary: 'Change a task (status, due date, assignee)', params: idParams, headers: ifMatch, body: taskPatchSchema, response: { 200: taskSchema } } }, async (request, reply) => {
      const task = await tasks.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${task.version}"`).send(task);
    });

    const timelineTags = ['timeline'];
    app.get('/people/:id/timeline', { config: { policy: { object: 'person' } }, schema: { tags: timelineTags, summary: 'Everything that happened with this person, newest first', params: idParams, querystring: timelineQuerySchema, response: { 200: timelinePageSchema } } }, async (request) =>
      timeline.page(actorOf(request), 'person', request.params.id, request.query),
    );
    app.get('/organisations/:id/timeline', { config: { policy: { object: 'organisation' } }, schema: { tags: timelineTags, summary: 'Everything that happened with this organisation, newest first', params: idParams, querystring: timelineQuerySchema, response: { 200: timelinePageSchema } } }, async (request) =>
      timeline.page(actorOf(request), 'organisation', request.params.id, request.query),
    );
  };
}

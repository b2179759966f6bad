/** /api/v1/leads — capture, grade, qualify, convert; /leads/grading-rules. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { gradingRulesSchema } from './lead.grading.ts';
import { leadConvertSchema, leadCreateSchema, leadListQuerySchema, leadPageSchema, leadPatchSchema, leadSchema } from './lead.schema.ts';
import { opportunitySchema } from './opportunity.schema.ts';
import type { SalesService } from './sales.service.ts';
import { versionFromIfMatch } from './sales.errors.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const tags = ['leads'];
const rulesOut = gradingRulesSchema.extend({ version: z.number().int() });

export function leadRoutes(sales: SalesService): FastifyPluginAsyncZod {
  const { leads } = sales;
  return async (app) => {
    // Any signed-in user may call; the service filters every lead through the access module's visibility (owner_id).
    defaultPolicy(app, 'user');
    app.get('/leads', { schema: { tags, summary: 'List leads', querystring: leadListQuerySchema, response: { 200: leadPageSchema } } }, async (request) => leads.list(actorOf(request), request.query));
    app.post('/leads', { schema: { tags, summary: 'Capture a lead (graded A–D by the rules)', body: leadCreateSchema, response: { 201: leadSchema } } }, async (request, reply) => {
      const lead = await leads.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/leads/${lead.id}`).header('etag', `"${lead.version}"`).send(lead);
    });
    app.get('/leads/grading-rules', { schema: { tags, summary: 'The lead grading rules', response: { 200: rulesOut } } }, async (request) => leads.rules(actorOf(request)));
    app.put('/leads/grading-rules', { config: { policy: 'admin' }, schema: { tags, summary: 'Replace the grading rules (re-grades open leads)', body: gradingRulesSchema, response: { 200: rulesOut } } }, async (request) => leads.setRules(actorOf(request), request.body));
    app.get('/leads/:id', { schema: { tags, summary: 'One lead', params: idParams, response: { 200: leadSchema } } }, async (request, reply) => {
      const lead = await leads.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${lead.version}"`).send(lead);
    });
    app.patch('/leads/:id', { schema: { tags, summary: 'Change a lead (re-graded)', params: idParams, headers: ifMatch, body: leadPatchSchema, response: { 200: leadSchema } } }, async (request, reply) => {
      const lead = await leads.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${lead.version}"`).send(lead);
    });
    app.post('/leads/:id/convert', { schema: { tags, summary: 'Convert into person + organisation + opportunity', params: idParams, headers: ifMatch, body: leadConvertSchema, response: { 200: z.object({ lead: leadSchema, opportunity: opportunitySchema.nullable() }) } } }, async (request) =>
      leads.convert(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match'])),
    );
  };
}

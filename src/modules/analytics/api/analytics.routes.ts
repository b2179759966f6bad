/** /api/v1/analytics/…: per customer, segments, cube, signals, product audience, status, rebuild, Parquet export. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../../platform/http/principal.ts';
import {
  audienceQuerySchema,
  audienceSchema,
  cubeQuerySchema,
  cubeSchema,
  exportParamsSchema,
  personAnalyticsQuerySchema,
  personAnalyticsSchema,
  segmentCustomersParamsSchema,
  segmentCustomersQuerySchema,
  segmentCustomersSchema,
  segmentsQuerySchema,
  segmentsSchema,
  signalsQuerySchema,
  signalsSchema,
  statusSchema,
} from './analytics.schema.ts';
import type { AnalyticsService } from './analytics.service.ts';

export function analyticsRoutes(analytics: AnalyticsService): FastifyPluginAsyncZod {
  return async (app) => {
    // Any signed-in user: every figure is computed over the customers the caller may see.
    defaultPolicy(app, 'user');
    const tags = ['analytics'];
    app.get('/analytics/people/:id', { config: { policy: { object: 'person' } }, schema: { tags, summary: 'One customer: RFM now and over time, lifetime value, value tier, churn and preference signals, cross-sell', params: idParams, querystring: personAnalyticsQuerySchema, response: { 200: personAnalyticsSchema } } }, async (request) =>
      analytics.person(actorOf(request), request.params.id, request.query),
    );
    app.get('/analytics/segments', { schema: { tags, summary: 'RFM segments, value tiers and the latest segment migration of the customers you see', querystring: segmentsQuerySchema, response: { 200: segmentsSchema } } }, async (request) =>
      analytics.segments(actorOf(request), request.query.period),
    );
    app.get('/analytics/segments/:segment/customers', { schema: { tags, summary: 'The customers of one RFM segment you see, highest monetary first, paged, with their scores', params: segmentCustomersParamsSchema, querystring: segmentCustomersQuerySchema, response: { 200: segmentCustomersSchema } } }, async (request) =>
      analytics.segmentCustomers(actorOf(request), request.params.segment, request.query),
    );
    app.get('/analytics/cube', { schema: { tags, summary: 'Sales cube: rows × columns with totals; filter a dimension to drill down', querystring: cubeQuerySchema, response: { 200: cubeSchema } } }, async (request) =>
      analytics.cube(actorOf(request), request.query),
    );
    app.get('/analytics/signals', { schema: { tags, summary: 'Customers at risk of churning, or whose preferences shifted, ranked, with the numbers that explain it', querystring: signalsQuerySchema, response: { 200: signalsSchema } } }, async (request) =>
      analytics.signals(actorOf(request), request.query),
    );
    app.get('/analytics/products/:id/audience', { schema: { tags, summary: 'Customers who do not have the product yet but whose purchases predict it', params: idParams, querystring: audienceQuerySchema, response: { 200: audienceSchema } } }, async (request) =>
      analytics.audience(actorOf(request), request.params.id, request.query.limit),
    );
    app.get('/analytics/status', { config: { policy: 'admin' }, schema: { tags, summary: 'What the analytics store holds and how current it is', response: { 200: statusSchema } } }, async (request) => analytics.status(actorOf(request)));
    app.post('/analytics/rebuild', { config: { policy: 'admin' }, schema: { tags, summary: 'Rebuild the analytics store from the database (the old one stays readable until the new one is complete)', response: { 200: statusSchema } } }, async (request) =>
      analytics.rebuild(actorOf(request)),
    );
    app.get('/analytics/export/:table', { schema: { tags, summary: 'One table of the analytics store as Parquet (needs the export permission; your visible customers only)', params: exportParamsSchema } }, async (request, reply) => {
      const file = await analytics.exportTable(actorOf(request), request.params.table);
      return reply.type('application/vnd.apache.parquet').header('content-disposition', `attachment; filename="${request.params.table}.parquet"`).send(file);
    });
  };
}

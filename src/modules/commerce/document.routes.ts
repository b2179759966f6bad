/** /api/v1/quotes, /orders, /order-lines (purchase history), /orders/import. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { CommerceService } from './commerce.service.ts';
import { commerceErrors, versionFromIfMatch } from './commerce.errors.ts';
import { documentListQuerySchema, orderCreateSchema, orderLinePageSchema, orderLineQuerySchema, orderPageSchema, orderSchema, quoteCreateSchema, quotePageSchema, quotePatchSchema, quoteSchema } from './document.schema.ts';
import { importReportSchema } from './order-import.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;

export function documentRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  const { quotes, orders, imports } = commerce;
  return async (app) => {
    // Any signed-in user; per-record visibility is not applied to these records yet (see the report/README).
    defaultPolicy(app, 'user');
    const tags = ['quotes'];
    app.get('/quotes', { schema: { tags, summary: 'List quotes', querystring: documentListQuerySchema, response: { 200: quotePageSchema } } }, async (request) => quotes.list(actorOf(request), request.query));
    app.post('/quotes', { schema: { tags, summary: 'Create a quote (lines rounded half-up to 2 decimals; totals are sums of the rounded lines)', body: quoteCreateSchema, response: { 201: quoteSchema } } }, async (request, reply) => {
      const quote = await quotes.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/quotes/${quote.id}`).header('etag', `"${quote.version}"`).send(quote);
    });
    app.get('/quotes/:id', { schema: { tags, summary: 'One quote', params: idParams, response: { 200: quoteSchema } } }, async (request, reply) => {
      const quote = await quotes.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${quote.version}"`).send(quote);
    });
    app.patch('/quotes/:id', { schema: { tags, summary: 'Change a quote’s status or lines', params: idParams, headers: ifMatch, body: quotePatchSchema, response: { 200: quoteSchema } } }, async (request, reply) => {
      const quote = await quotes.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${quote.version}"`).send(quote);
    });

    const orderTags = ['orders'];
    app.get('/orders', { schema: { tags: orderTags, summary: 'List orders', querystring: documentListQuerySchema, response: { 200: orderPageSchema } } }, async (request) => orders.list(actorOf(request), request.query));
    app.post('/orders', { schema: { tags: orderTags, summary: 'Create an order (lines, or copied from a quote)', body: orderCreateSchema, response: { 201: orderSchema } } }, async (request, reply) => {
      const order = await orders.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/orders/${order.id}`).header('etag', `"${order.version}"`).send(order);
    });
    app.get('/orders/:id', { schema: { tags: orderTags, summary: 'One order with its lines', params: idParams, response: { 200: orderSchema } } }, async (request, reply) => {
      const order = await orders.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${order.version}"`).send(order);
    });
    app.get('/order-lines', { schema: { tags: orderTags, summary: 'The purchase history: order lines with customer, date, product, channel, region, store', querystring: orderLineQuerySchema, response: { 200: orderLinePageSchema } } }, async (request) => orders.history(actorOf(request), request.query));
    app.post(
      '/orders/import',
      { schema: { tags: orderTags, summary: 'Import historical orders from a CSV or Excel file (multipart, part "file"); idempotent by order number; answers the rejected rows with line and reason', consumes: ['multipart/form-data'], response: { 200: importReportSchema } } },
      async (request) => {
        if (!request.isMultipart()) throw commerceErrors.unsupportedType(String(request.headers['content-type'] ?? 'none'), ['multipart/form-data']);
        const file = await request.file();
        if (!file || file.fieldname !== 'file') throw commerceErrors.invalid('file', 'send one file as multipart/form-data in a part named "file"');
        const format = /\.xlsx$/i.test(file.filename) || file.mimetype.includes('spreadsheetml') ? 'xlsx' : 'csv';
        try {
          return await imports.run(actorOf(request), file.file, { format });
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw commerceErrors.fileTooLarge(commerce.fileMaxBytes);
          throw error;
        }
      },
    );
  };
}

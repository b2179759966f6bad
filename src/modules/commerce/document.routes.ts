/** /api/v1/quotes, /orders, /order-lines (purchase history), /orders/import. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams, limitParam } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { CommerceService } from './commerce.service.ts';
import { commerceErrors, versionFromIfMatch } from './commerce.errors.ts';
import { z } from 'zod';
import { documentListQuerySchema, orderCreateSchema, orderPatchSchema, orderLinePageSchema, orderLineQuerySchema, orderPageSchema, orderSchema, quoteCreateSchema, quotePageSchema, quotePatchSchema, quoteSchema } from './document.schema.ts';
import { importReportSchema } from './order-import.ts';
import { importJobSchema } from './import-jobs.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;

export function documentRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  const { quotes, orders, imports, importJobs } = commerce;
  return async (app) => {
    // Any signed-in user may call; the services filter every document through the access module's visibility
    // (owner = the customer's owner): hidden answers 404, visible but not writable 403.
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

    app.delete('/quotes/:id', { schema: { tags, summary: 'Delete a quote (restorable; refused while an order or contract was made from it)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await quotes.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/quotes/:id/restore', { schema: { tags, summary: 'Restore a deleted quote', params: idParams, response: { 200: quoteSchema } } }, async (request) => quotes.restore(actorOf(request), request.params.id));

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
    app.patch('/orders/:id', { schema: { tags: orderTags, summary: 'Change an order: date, channel, region, store, status; lines only while no invoice bills it', params: idParams, headers: ifMatch, body: orderPatchSchema, response: { 200: orderSchema } } }, async (request, reply) => {
      const order = await orders.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${order.version}"`).send(order);
    });
    app.delete('/orders/:id', { schema: { tags: orderTags, summary: 'Delete an order (restorable; refused while an invoice bills it)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await orders.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/orders/:id/restore', { schema: { tags: orderTags, summary: 'Restore a deleted order', params: idParams, response: { 200: orderSchema } } }, async (request) => orders.restore(actorOf(request), request.params.id));
    app.get('/order-lines', { schema: { tags: orderTags, summary: 'The purchase history: order lines with customer, date, product, channel, region, store', querystring: orderLineQuerySchema, response: { 200: orderLinePageSchema } } }, async (request) => orders.history(actorOf(request), request.query));
    app.post(
      '/orders/import',
      { schema: { tags: orderTags, deprecated: true, summary: 'Import historical orders inside the request (use POST /orders/imports, which runs in the background); idempotent by order number; answers the rejected rows with line and reason', consumes: ['multipart/form-data'], response: { 200: importReportSchema } } },
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

    const importQuery = z.strictObject({ createProducts: z.enum(['true', 'false']).default('false').describe('Create products for SKUs or names not in the catalogue, at the row’s unit price') });
    app.post(
      '/orders/imports',
      { schema: { tags: orderTags, summary: 'Start an order import in the background (multipart, part "file", CSV or Excel; customers by id, customer_code, phone or email; products by SKU or name); follow it with GET /orders/imports/{id}', consumes: ['multipart/form-data'], querystring: importQuery, response: { 202: importJobSchema } } },
      async (request, reply) => {
        if (!request.isMultipart()) throw commerceErrors.unsupportedType(String(request.headers['content-type'] ?? 'none'), ['multipart/form-data']);
        const file = await request.file();
        if (!file || file.fieldname !== 'file') throw commerceErrors.invalid('file', 'send one file as multipart/form-data in a part named "file"');
        const format = /\.xlsx$/i.test(file.filename) || file.mimetype.includes('spreadsheetml') ? 'xlsx' : 'csv';
        const job = await importJobs.start(actorOf(request), { fileName: file.filename, format, stream: file.file, truncated: () => file.file.truncated }, { createProducts: request.query.createProducts === 'true' });
        return reply.code(202).header('location', `/api/v1/orders/imports/${job.id}`).send(job);
      },
    );
    app.get('/orders/imports', { schema: { tags: orderTags, summary: 'Recent order imports (yours, or those your role may see), newest first; their rejected rows are on GET /orders/imports/{id}', querystring: z.strictObject({ limit: limitParam }), response: { 200: z.object({ items: z.array(importJobSchema) }) } } }, async (request) => ({ items: await importJobs.list(actorOf(request), request.query.limit) }));
    app.get('/orders/imports/:id', { schema: { tags: orderTags, summary: 'An order import: state, progress and the rejected rows with line and reason', params: idParams, response: { 200: importJobSchema } } }, async (request) => importJobs.get(actorOf(request), request.params.id));
  };
}

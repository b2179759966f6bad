/** /api/v1/contracts (with the signed file), /receivables with payments and ageing, /payables. */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, limitParam } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { CommerceService } from './commerce.service.ts';
import { commerceErrors, versionFromIfMatch } from './commerce.errors.ts';
import { SIGNED_FILE_TYPES } from './contract.service.ts';
import { documentRoutes } from './document.routes.ts';
import { ageingQuerySchema, ageingSchema, contractCreateSchema, contractPatchSchema, contractSchema, payableCreateSchema, payableListQuerySchema, payablePageSchema, payablePatchSchema, payableSchema, paymentCreateSchema, receivableCreateSchema, receivableListQuerySchema, receivablePageSchema, receivableSchema } from './finance.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;

export function financeRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  const { contracts, receivables, payables } = commerce;
  return async (app) => {
    // Any signed-in user may call; the services filter every document through the access module's visibility
    // (owner = the customer's owner): hidden answers 404, visible but not writable 403.
    defaultPolicy(app, 'user');
    // One multipart registration for this scope: the signed contract file and the order import.
    await app.register(multipart, { limits: { fileSize: commerce.fileMaxBytes, files: 1, fields: 0, parts: 2 } });
    await app.register(documentRoutes(commerce));

    const tags = ['contracts'];
    app.get('/contracts', { schema: { tags, summary: 'List contracts', querystring: z.strictObject({ organisationId: z.uuid().optional(), limit: limitParam }), response: { 200: z.object({ items: z.array(contractSchema) }) } } }, async (request) => ({ items: await contracts.list(actorOf(request), request.query) }));
    app.post('/contracts', { schema: { tags, summary: 'Create a contract', body: contractCreateSchema, response: { 201: contractSchema } } }, async (request, reply) => {
      const contract = await contracts.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/contracts/${contract.id}`).header('etag', `"${contract.version}"`).send(contract);
    });
    app.get('/contracts/:id', { schema: { tags, summary: 'One contract', params: idParams, response: { 200: contractSchema } } }, async (request, reply) => {
      const contract = await contracts.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${contract.version}"`).send(contract);
    });
    app.patch('/contracts/:id', { schema: { tags, summary: 'Change a contract', params: idParams, headers: ifMatch, body: contractPatchSchema, response: { 200: contractSchema } } }, async (request, reply) => {
      const contract = await contracts.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${contract.version}"`).send(contract);
    });
    app.delete('/contracts/:id', { schema: { tags, summary: 'Delete a contract (restorable; an active contract is terminated instead, and one with orders stays)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await contracts.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });
    app.post('/contracts/:id/restore', { schema: { tags, summary: 'Restore a deleted contract', params: idParams, response: { 200: contractSchema } } }, async (request) => contracts.restore(actorOf(request), request.params.id));
    app.put('/contracts/:id/signed-file', { schema: { tags, summary: `File the signed contract (multipart, part "file"; ${SIGNED_FILE_TYPES.join(', ')})`, consumes: ['multipart/form-data'], params: idParams, response: { 200: contractSchema } } }, async (request) => {
      if (!request.isMultipart()) throw commerceErrors.unsupportedType(String(request.headers['content-type'] ?? 'none'), ['multipart/form-data']);
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw commerceErrors.invalid('file', 'send one file as multipart/form-data in a part named "file"');
      return contracts.attachSignedFile(actorOf(request), request.params.id, { fileName: file.filename, contentType: file.mimetype, stream: file.file, truncated: () => file.file.truncated });
    });
    app.get('/contracts/:id/signed-file', { schema: { tags, summary: 'Download the signed contract', params: idParams } }, async (request, reply) => {
      const { contract, stream } = await contracts.openSignedFile(actorOf(request), request.params.id);
      return reply.type(contract.signedFile?.contentType ?? 'application/pdf').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(contract.signedFile?.fileName ?? 'contract')}`).send(stream);
    });

    const moneyTags = ['receivables'];
    app.get('/receivables', { schema: { tags: moneyTags, summary: 'List receivables (invoices)', querystring: receivableListQuerySchema, response: { 200: receivablePageSchema } } }, async (request) => receivables.list(actorOf(request), request.query));
    app.get('/receivables/ageing', { schema: { tags: moneyTags, summary: 'Overdue ageing: outstanding by days past due (not due, 1–30, 31–60, 61–90, >90), per currency', querystring: ageingQuerySchema, response: { 200: ageingSchema } } }, async (request) => receivables.ageing(actorOf(request), request.query));
    app.post('/receivables', { schema: { tags: moneyTags, summary: 'Issue an invoice (receivable) with instalments', body: receivableCreateSchema, response: { 201: receivableSchema } } }, async (request, reply) => {
      const receivable = await receivables.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/receivables/${receivable.id}`).header('etag', `"${receivable.version}"`).send(receivable);
    });
    app.get('/receivables/:id', { schema: { tags: moneyTags, summary: 'One receivable with instalments and payments', params: idParams, response: { 200: receivableSchema } } }, async (request, reply) => {
      const receivable = await receivables.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${receivable.version}"`).send(receivable);
    });
    app.post('/receivables/:id/payments', { schema: { tags: moneyTags, summary: 'Record a payment (settles the oldest instalments first; more than outstanding is 422)', params: idParams, headers: ifMatch, body: paymentCreateSchema, response: { 201: receivableSchema } } }, async (request, reply) => {
      const receivable = await receivables.pay(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.code(201).header('location', `/api/v1/receivables/${receivable.id}`).header('etag', `"${receivable.version}"`).send(receivable);
    });

    const payTags = ['payables'];
    app.get('/payables', { schema: { tags: payTags, summary: 'List payables (suppliers, partner commissions)', querystring: payableListQuerySchema, response: { 200: payablePageSchema } } }, async (request) => payables.list(actorOf(request), request.query));
    app.post('/payables', { schema: { tags: payTags, summary: 'Record a payable or a partner commission', body: payableCreateSchema, response: { 201: payableSchema } } }, async (request, reply) => {
      const payable = await payables.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/payables/${payable.id}`).header('etag', `"${payable.version}"`).send(payable);
    });
    app.patch('/payables/:id', { schema: { tags: payTags, summary: 'Mark a payable paid or cancelled', params: idParams, headers: ifMatch, body: payablePatchSchema, response: { 200: payableSchema } } }, async (request, reply) => {
      const payable = await payables.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${payable.version}"`).send(payable);
    });
  };
}

/** /api/v1/identity — match before saving, receive touchpoints, import files, review uncertain pairs, merge. */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { fileOfBuffer, importReportSchema } from './import/people-import.ts';
import type { IdentityService } from './identity.service.ts';
import {
  decisionResultSchema, decisionSchema, importQuerySchema, importStatusSchema, matchRequestSchema, matchResponseSchema, mergeCreateSchema, mergeRecordSchema, mergeSchema, personTouchpointsSchema,
  reviewPairSchema, reviewQuerySchema, touchpointCreateSchema, touchpointReceivedSchema,
} from './touchpoint.schema.ts';

const tags = ['identity'];

export function identityRoutes(identity: IdentityService, options: { uploadMaxBytes: number }): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, { object: 'person' });
    await app.register(multipart, { limits: { fileSize: options.uploadMaxBytes, files: 1, fields: 0, parts: 2 } });

    app.post('/identity/match', { schema: { tags, summary: 'Match a person before saving: candidates with probability and per-field explanation', body: matchRequestSchema, response: { 200: matchResponseSchema } } }, async (request) => {
      const { record, limit, linkThreshold, reviewThreshold } = request.body;
      return identity.match(actorOf(request), record, { limit, thresholds: { ...(linkThreshold !== undefined ? { link: linkThreshold } : {}), ...(reviewThreshold !== undefined ? { review: reviewThreshold } : {}) } });
    });

    app.post('/identity/touchpoints', { schema: { tags, summary: 'Receive a record from any source: stored as received, matched, linked to a person (created if new)', body: touchpointCreateSchema, response: { 201: touchpointReceivedSchema } } }, async (request, reply) =>
      reply.code(201).send(await identity.record(actorOf(request), request.body)),
    );

    app.get('/people/:id/touchpoints', { schema: { tags, summary: "A person's source records and golden record (survivorship per field)", params: idParams, response: { 200: personTouchpointsSchema } } }, async (request) =>
      identity.touchpointsOf(actorOf(request), request.params.id),
    );

    app.post(
      '/identity/imports',
      { schema: { tags, summary: 'Import people from CSV (UTF-8 or GBK) or Excel .xlsx: multipart/form-data, one part named "file"; idempotent per file and source', consumes: ['multipart/form-data'], querystring: importQuerySchema, response: { 200: importReportSchema } } },
      async (request) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'IDENTITY.NOT_MULTIPART', `Send the file as multipart/form-data, not ${String(request.headers['content-type'] ?? 'none')}`);
        const file = await request.file();
        if (!file || file.fieldname !== 'file') throw new AppError('invalid', 'IDENTITY.NO_FILE', 'file: send one file as multipart/form-data in a part named "file"', { field: 'file' });
        const content = await file.toBuffer();
        if (content.length === 0) throw new AppError('invalid', 'IDENTITY.EMPTY_FILE', 'the file is empty: expected a header row (姓名, 手机, … or name, mobile, …) and rows', { line: 1 });
        return identity.importPeople(actorOf(request), fileOfBuffer(file.filename, content), { source: request.query.source, ...(request.query.mapping ? { mapping: request.query.mapping } : {}) });
      },
    );

    app.get('/identity/imports/:id', { schema: { tags, summary: 'Progress and counts of an import', params: idParams, response: { 200: importStatusSchema } } }, async (request) => identity.getImport(actorOf(request), request.params.id));

    app.get('/identity/review', { schema: { tags, summary: 'Uncertain pairs (or decided ones, for teaching the model), with explanations', querystring: reviewQuerySchema, response: { 200: z.object({ items: z.array(reviewPairSchema) }) } } }, async (request) => ({
      items: await identity.listReview(actorOf(request), request.query),
    }));

    app.post('/identity/review/:id/decision', { schema: { tags, summary: 'Decide a pair: same (and merge) or different; never asked again', params: idParams, body: decisionSchema, response: { 200: decisionResultSchema } } }, async (request) =>
      identity.decide(actorOf(request), request.params.id, request.body.decision, { merge: request.body.merge }),
    );

    app.post('/identity/merges', { schema: { tags, summary: 'Merge two people: every touchpoint and relation moves to the survivor; reversible', body: mergeCreateSchema, response: { 201: mergeSchema } } }, async (request, reply) =>
      reply.code(201).send(await identity.merge(actorOf(request), request.body.survivorId, request.body.mergedId)),
    );

    app.get('/people/:id/merges', { schema: { tags, summary: "A person's merges, as survivor or as the merged one (newest first)", params: idParams, response: { 200: z.object({ items: z.array(mergeRecordSchema) }) } } }, async (request) => ({
      items: await identity.listMerges(actorOf(request), request.params.id),
    }));

    app.post('/identity/merges/:id/undo', { schema: { tags, summary: 'Un-merge: restore exactly what the merge moved', params: idParams, response: { 200: z.object({ id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), undone: z.boolean() }) } } }, async (request) =>
      identity.unmerge(actorOf(request), request.params.id),
    );
  };
}

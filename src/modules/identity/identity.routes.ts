/** /api/v1/identity — match before saving, receive touchpoints, import files, review uncertain pairs, merge. */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { importReportSchema } from './import/people-import.ts';
import type { IdentityService } from './identity.service.ts';
import {
  decisionResultSchema, decisionSchema, importQuerySchemaWithMode, importStatusSchema, matchRequestSchema, matchResponseSchema, mergeCreateSchema, mergeRecordSchema, mergeSchema, modelSchema, personTouchpointsSchema,
  retrainResultSchema, retrainSchema, reviewPairSchema, reviewQuerySchema, touchpointCreateSchema, touchpointReceivedSchema,
} from './touchpoint.schema.ts';

const tags = ['identity'];

export function identityRoutes(identity: IdentityService, options: { uploadMaxBytes: number }): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, { object: 'person' });
    await app.register(multipart, { limits: { fileSize: options.uploadMaxBytes, files: 1, fields: 0, parts: 2 } });
    // Import jobs left unfinished by the last run are taken over once the server is up, and paused on shutdown.
    const logImportError = (error: unknown, importId: string) => app.log.error({ err: error, importId }, 'people import failed');
    app.addHook('onReady', async () => {
      // In the background: the index of a tenant with a million people takes minutes to build (bench/RESULTS.md).
      void identity.prewarm().catch((error: unknown) => app.log.warn({ err: error }, 'matching index warm-up failed; it is built on the first match instead'));
      void identity.resumeImports(logImportError).catch((error: unknown) => logImportError(error, 'resume'));
    });
    app.addHook('onClose', async () => identity.stopImports());

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
      {
        schema: {
          tags,
          summary: 'Import people from CSV (UTF-8 or GBK) or Excel .xlsx: multipart/form-data, one part named "file", streamed to disk and imported by a background job (resumed after a restart); idempotent per file and source',
          consumes: ['multipart/form-data'],
          querystring: importQuerySchemaWithMode,
          response: { 200: importReportSchema, 202: importStatusSchema },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'IDENTITY.NOT_MULTIPART', `Send the file as multipart/form-data, not ${String(request.headers['content-type'] ?? 'none')}`);
        const file = await request.file();
        if (!file || file.fieldname !== 'file') throw new AppError('invalid', 'IDENTITY.NO_FILE', 'file: send one file as multipart/form-data in a part named "file"', { field: 'file' });
        const ctx = actorOf(request);
        const { importId, done } = await identity.receiveImport(ctx, { fileName: file.filename, stream: file.file }, { source: request.query.source, ...(request.query.mapping ? { mapping: request.query.mapping } : {}) });
        if (!request.query.background) {
          const report = await done;
          if (report) return reply.code(200).send(report);
        } else done.catch(() => undefined); // a failure is written on the import row, where the caller polls
        // In the background, or stopped by a shutdown (to be resumed): where to follow it.
        return reply.code(202).header('location', `/api/v1/identity/imports/${importId}`).send(await identity.getImport(ctx, importId));
      },
    );

    app.get('/identity/imports/:id', { schema: { tags, summary: 'Progress and counts of an import', params: idParams, response: { 200: importStatusSchema } } }, async (request) => identity.getImport(actorOf(request), request.params.id));

    app.get('/identity/review', { schema: { tags, summary: 'Uncertain pairs (or decided ones, for teaching the model), with explanations', querystring: reviewQuerySchema, response: { 200: z.object({ items: z.array(reviewPairSchema) }) } } }, async (request) => ({
      items: await identity.listReview(actorOf(request), request.query),
    }));

    app.post('/identity/review/:id/decision', { schema: { tags, summary: 'Decide a pair: same (and merge) or different; never asked again', params: idParams, body: decisionSchema, response: { 200: decisionResultSchema } } }, async (request) =>
      identity.decide(actorOf(request), request.params.id, request.body.decision, { merge: request.body.merge }),
    );

    app.get('/identity/model', { config: { policy: 'admin' }, schema: { tags, summary: 'The matching model in use: m, u and the weight of every level, and how many decisions taught it', response: { 200: modelSchema } } }, async (request) =>
      identity.model(actorOf(request)),
    );

    app.post('/identity/model/retrain', { config: { policy: 'admin' }, schema: { tags, summary: "Teach the model with the review queue's decisions (m from pairs decided same, u from pairs decided different, blended with the unsupervised estimates)", body: retrainSchema, response: { 200: retrainResultSchema } } }, async (request) =>
      identity.retrainModel(actorOf(request), { ...(request.body.mWeight !== undefined ? { mWeight: request.body.mWeight } : {}), ...(request.body.uWeight !== undefined ? { uWeight: request.body.uWeight } : {}) }),
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

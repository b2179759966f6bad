/** Personal-information rights: export, erasure, retention (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { eraseResultSchema, eraseSchema, personalDataSchema, retentionReportSchema, retentionRulesSchema, retentionRunSchema } from './privacy.schema.ts';
import type { PrivacyService } from './privacy.service.ts';

export function privacyRoutes(privacy: PrivacyService): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, 'admin');
    const tags = ['privacy'];
    app.get('/people/:id/personal-data', { schema: { tags, summary: 'Everything held about a person, as JSON (recorded in the audit trail)', params: idParams, response: { 200: personalDataSchema } } }, async (request) =>
      privacy.exportPerson(actorOf(request), request.params.id),
    );
    app.post('/people/:id/erase', { schema: { tags, summary: 'Anonymise a person everywhere (cannot be undone; totals stay consistent)', params: idParams, body: eraseSchema, response: { 200: eraseResultSchema } } }, async (request) =>
      privacy.erase(actorOf(request), request.params.id, request.body.reason),
    );
    app.get('/privacy/retention-rules', { schema: { tags, summary: 'Retention rules', response: { 200: retentionRulesSchema } } }, async (request) => privacy.rules(actorOf(request).tenantId));
    app.put('/privacy/retention-rules', { schema: { tags, summary: 'Replace the retention rules', body: retentionRulesSchema, response: { 200: retentionRulesSchema } } }, async (request) =>
      privacy.setRules(actorOf(request), request.body.rules),
    );
    app.post('/privacy/retention/run', { schema: { tags, summary: 'Apply the retention rules (dryRun lists who would be anonymised)', body: retentionRunSchema, response: { 200: retentionReportSchema } } }, async (request) =>
      privacy.runRetention(actorOf(request), request.body.dryRun),
    );
  };
}

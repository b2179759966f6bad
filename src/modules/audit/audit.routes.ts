/** /api/v1/audit — the searchable audit trail and an on-demand chain verification (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { auditPageSchema, auditQuerySchema, verifySchema } from './audit.schema.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(audit: AuditService): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, 'admin');
    app.get('/audit', { schema: { tags: ['audit'], summary: 'Search the audit trail (every write, sensitive reads), newest first', querystring: auditQuerySchema, response: { 200: auditPageSchema } } }, async (request) =>
      audit.search(actorOf(request), request.query),
    );
    app.post('/audit/verify', { schema: { tags: ['audit'], summary: 'Seal pending entries and verify the whole hash chain', response: { 200: verifySchema } } }, async (request) => {
      const ctx = actorOf(request);
      if (ctx.scope && !ctx.scope.isAdmin) throw new AppError('forbidden', 'AUDIT.ADMIN_ONLY', 'Only an administrator may verify the audit trail');
      await audit.seal();
      return audit.verify();
    });
  };
}

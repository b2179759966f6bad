/** /api/v1/audit — the searchable audit trail and an on-demand chain verification (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { anchorSchema, auditPageSchema, auditQuerySchema, verifyBodySchema, verifySchema } from './audit.schema.ts';
import { formatAnchor, parseAnchor, type Anchor } from './chain.ts';
import type { AuditService } from './audit.service.ts';

function requireAdmin(ctx: ReturnType<typeof actorOf>): void {
  if (ctx.scope && !ctx.scope.isAdmin) throw new AppError('forbidden', 'AUDIT.ADMIN_ONLY', 'Only an administrator may verify or anchor the audit trail');
}

export function auditRoutes(audit: AuditService): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, 'admin');
    app.get('/audit', { schema: { tags: ['audit'], summary: 'Search the audit trail (every write, sensitive reads), newest first', querystring: auditQuerySchema, response: { 200: auditPageSchema } } }, async (request) =>
      audit.search(actorOf(request), request.query),
    );
    app.post('/audit/verify', { schema: { tags: ['audit'], summary: 'Seal pending entries and verify the whole hash chain, and that it still agrees with anchors taken earlier', body: verifyBodySchema, response: { 200: verifySchema } } }, async (request) => {
      requireAdmin(actorOf(request));
      await audit.seal();
      const anchors = (request.body?.anchors ?? []).map(parseAnchor).filter((a): a is Anchor => a !== null);
      return audit.verify(undefined, anchors);
    });
    app.post('/audit/anchor', { schema: { tags: ['audit'], summary: "Seal pending entries and return the chain's head, to be kept outside the database", response: { 200: anchorSchema } } }, async (request) => {
      requireAdmin(actorOf(request));
      const head = await audit.anchor();
      if (!head) throw new AppError('conflict', 'AUDIT.EMPTY', 'The audit trail is empty: there is nothing to anchor yet');
      return { ...head, anchor: formatAnchor(head) };
    });
  };
}

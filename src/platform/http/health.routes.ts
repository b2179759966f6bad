/** GET /api/v1/health — public; answers 503 when the database does not. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.ts';

export function healthRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Liveness and database reachability',
          response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }), 503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgres']) }) },
        },
      },
      async (_request, reply) => {
        try {
          await sql`SELECT 1`.execute(database.db);
          return { status: 'ok' as const, database: database.kind };
        } catch {
          return reply.code(503).send({ status: 'unavailable' as const, database: database.kind });
        }
      },
    );
  };
}

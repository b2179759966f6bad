/** Wires the modules into one HTTP app over one database. Used by `guanxi serve` and by the HTTP tests. */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { buildHttpApp } from '../platform/http/app.ts';
import { healthRoutes } from '../platform/http/health.routes.ts';
import { accessRoutes, createAccessService } from '../modules/access/index.ts';
import { createDirectoryService, directoryRoutes } from '../modules/directory/index.ts';
import { webStatic } from './web-static.ts';

export type Services = ReturnType<typeof createServices>;

export function createServices(database: Database, config: Config) {
  const access = createAccessService({ db: database.db, sessionTtlHours: config.sessionTtlHours });
  const directory = createDirectoryService({
    db: database.db,
    phoneRegion: config.phoneRegion,
    userExists: async (tenantId, userId) => access.userExists(tenantId, userId),
  });
  return { access, directory };
}

export async function buildServer(database: Database, config: Config, logger?: FastifyServerOptions['logger']): Promise<{ app: FastifyInstance; services: Services }> {
  const services = createServices(database, config);
  const app = await buildHttpApp({
    config,
    logger,
    authenticate: services.access.authenticate,
    routes: [
      { prefix: '/api/v1', plugin: healthRoutes(database) },
      { prefix: '/api/v1', plugin: accessRoutes({ access: services.access, secureCookies: config.secureCookies }) },
      { prefix: '/api/v1', plugin: directoryRoutes(services.directory) },
    ],
    after: [webStatic()],
  });
  return { app, services };
}

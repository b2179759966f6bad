/** Wires the modules into one HTTP app over one database. Used by `guanxi serve` and by the HTTP tests. */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { buildHttpApp } from '../platform/http/app.ts';
import { healthRoutes } from '../platform/http/health.routes.ts';
import { accessRoutes, adminRoutes, createAccessService, createAdminService } from '../modules/access/index.ts';
import { createDirectoryService, directoryRoutes, type PersonHooks } from '../modules/directory/index.ts';
import { auditRoutes, createAuditService } from '../modules/audit/index.ts';
import { createPrivacyService, privacyRoutes } from '../modules/privacy/index.ts';
import { attachmentsRoot, createDiskStorage, createEngagementService, engagementRoutes, transferEngagementOwnership } from '../modules/engagement/index.ts';
import { createSalesService, salesRoutes, transferSalesOwnership } from '../modules/sales/index.ts';
import { commerceRoutes, createCommerceService } from '../modules/commerce/index.ts';
import { createIdentityService, identityRoutes } from '../modules/identity/index.ts';
import { webStatic } from './web-static.ts';

export type Services = ReturnType<typeof createServices>;

export function createServices(database: Database, config: Config) {
  const access = createAccessService({ db: database.db, sessionTtlHours: config.sessionTtlHours });
  const personHooks: PersonHooks = {};
  const directory = createDirectoryService({
    db: database.db,
    personHooks,
    phoneRegion: config.phoneRegion,
    userExists: async (tenantId, userId) => access.userExists(tenantId, userId),
  });
  const engagement = createEngagementService({
    db: database.db,
    directory,
    userExists: async (tenantId, userId) => access.userExists(tenantId, userId),
    storage: createDiskStorage(attachmentsRoot(config.dataDir)),
    attachmentMaxBytes: config.attachmentMaxBytes,
  });
  const sales = createSalesService({ db: database.db, directory, userExists: async (tenantId, userId) => access.userExists(tenantId, userId), teamMemberships: access.teamMemberships });
  const commerce = createCommerceService({ db: database.db, directory, storage: createDiskStorage(attachmentsRoot(config.dataDir)), fileMaxBytes: config.attachmentMaxBytes });
  const admin = createAdminService({ db: database.db, onChange: access.clearPrincipalCache, transfers: () => [directory.ownership.transfer, transferSalesOwnership, transferEngagementOwnership] });
  const identity = createIdentityService({ db: database.db, directory, phoneRegion: config.phoneRegion });
  Object.assign(personHooks, identity.personHooks); // late binding: identity needs the directory, the directory is told of identity
  const audit = createAuditService(database.db);
  const privacy = createPrivacyService({ db: database.db, providers: () => [directory.privacy.provider, identity.privacy], recordSensitiveRead: audit.recordSensitiveRead });
  return { access, directory, engagement, sales, commerce, admin, audit, privacy, identity, recordLookups: () => [directory.ownership.recordOf] };
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
      { prefix: '/api/v1', plugin: adminRoutes({ admin: services.admin, access: services.access, db: database.db, lookups: services.recordLookups }) },
      { prefix: '/api/v1', plugin: directoryRoutes(services.directory) },
      { prefix: '/api/v1', plugin: auditRoutes(services.audit) },
      { prefix: '/api/v1', plugin: privacyRoutes(services.privacy) },
      { prefix: '/api/v1', plugin: engagementRoutes(services.engagement) },
      { prefix: '/api/v1', plugin: salesRoutes(services.sales) },
      { prefix: '/api/v1', plugin: commerceRoutes(services.commerce) },
      { prefix: '/api/v1', plugin: identityRoutes(services.identity, { uploadMaxBytes: config.attachmentMaxBytes }) },
    ],
    after: [webStatic()],
  });
  // The timeline (and later other projections) follow the outbox in the background while the server runs.
  if (config.eventPollMs > 0) {
    let stopPolling: (() => Promise<void>) | undefined;
    let stopSealing: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stopPolling = services.engagement.timeline.startPolling(config.eventPollMs, (error) => app.log.error({ err: error }, 'timeline consumer failed'));
      stopSealing = services.audit.startSealing(config.eventPollMs, (error) => app.log.error({ err: error }, 'audit sealing failed'));
    });
    app.addHook('onClose', async () => {
      await stopPolling?.();
      await stopSealing?.();
    });
  }
  return { app, services };
}

/** Wires the modules into one HTTP app over one database. Used by `guanxi serve` and by the HTTP tests. */
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { DEFAULT_TENANT_ID } from '../kernel/context.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { startStatisticsKeeper } from '../platform/db/pglite-statistics.ts';
import { buildHttpApp } from '../platform/http/app.ts';
import { createSecretBox, resolveSecretKey } from '../platform/secrets/secret-box.ts';
import { attachmentsRoot, createDiskStorage } from '../platform/storage/file-storage.ts';
import { healthRoutes } from '../platform/http/health.routes.ts';
import { accessRoutes, adminRoutes, createAccessService, createAdminService, createSetupService } from '../modules/access/index.ts';
import { createDirectoryService, createPersonReads, directoryRoutes, type PersonHooks } from '../modules/directory/index.ts';
import { auditRoutes, createAuditService } from '../modules/audit/index.ts';
import { createPrivacyService, privacyRoutes } from '../modules/privacy/index.ts';
import { createViewService, viewRoutes } from '../modules/views/index.ts';
import { createEngagementOrganisationRelink, createEngagementPersonRelink, createEngagementService, engagementRoutes, transferEngagementOwnership } from '../modules/engagement/index.ts';
import { createSalesOrganisationRelink, createSalesPersonRelink, createSalesService, salesRoutes, transferSalesOwnership } from '../modules/sales/index.ts';
import { commerceRoutes, createCommerceOrganisationRelink, createCommercePersonRelink, createCommerceService, transferCommerceOwnership } from '../modules/commerce/index.ts';
import { createIdentityService, identityRoutes } from '../modules/identity/index.ts';
import { analyticsRoutes, createAnalyticsService } from '../modules/analytics/index.ts';
import { createCommerceAnalyticsSource } from '../modules/commerce/index.ts';
import { createDirectoryAnalyticsSource } from '../modules/directory/index.ts';
import { webStatic } from './web-static.ts';

export type Services = ReturnType<typeof createServices>;

export function createServices(database: Database, config: Config) {
  const secrets = createSecretBox(() => resolveSecretKey(config.secretKey, join(config.dataDir, 'secret.key')));
  const access = createAccessService({ db: database.db, sessionTtlHours: config.sessionTtlHours, secrets });
  // First-run set-up of the default tenant (the one `guanxi admin create` and the demo loader use).
  const setup = createSetupService({ db: database.db, tenantId: DEFAULT_TENANT_ID, sessionTtlHours: config.sessionTtlHours });
  // One store for every uploaded file (attachments, signed contracts, import files waiting for their job).
  const files = createDiskStorage(attachmentsRoot(config.dataDir));
  const personHooks: PersonHooks = {};
  const directory = createDirectoryService({
    db: database.db,
    personHooks,
    phoneRegion: config.phoneRegion,
    userExists: async (tenantId, userId) => access.userExists(tenantId, userId),
    organisationRelinkers: [{ name: 'engagement', ...createEngagementOrganisationRelink() }, { name: 'sales', ...createSalesOrganisationRelink() }, { name: 'commerce', ...createCommerceOrganisationRelink() }],
  });
  const engagement = createEngagementService({
    db: database.db,
    directory,
    userExists: async (tenantId, userId) => access.userExists(tenantId, userId),
    storage: files,
    attachmentMaxBytes: config.attachmentMaxBytes,
  });
  const sales = createSalesService({ db: database.db, directory, userExists: async (tenantId, userId) => access.userExists(tenantId, userId), teamMemberships: access.teamMemberships });
  const commerce = createCommerceService({
    db: database.db,
    directory,
    storage: files,
    fileMaxBytes: config.attachmentMaxBytes,
    // A quote or contract made for an opportunity is recorded on it in the document's own transaction.
    opportunities: sales.opportunityLinks,
    // Background imports act as the user who started them, with that user's role and teams as they are now.
    actorFor: async (tenantId, userId) => {
      const user = await access.getUser(tenantId, userId).catch(() => null);
      return user?.status === 'active' ? { tenantId, userId, requestId: undefined, scope: await access.resolveScope(tenantId, userId, user.role, user.isAdmin) } : null;
    },
  });
  const admin = createAdminService({ db: database.db, onChange: access.announceAccessChange, transfers: () => [directory.ownership.transfer, transferSalesOwnership, transferEngagementOwnership, transferCommerceOwnership] });
  const identity = createIdentityService({
    db: database.db,
    directory,
    people: createPersonReads(database.db),
    phoneRegion: config.phoneRegion,
    imports: { dir: join(config.dataDir, 'imports'), maxBytes: config.importMaxBytes },
    relinkers: [{ name: 'engagement', ...createEngagementPersonRelink() }, { name: 'sales', ...createSalesPersonRelink() }, { name: 'commerce', ...createCommercePersonRelink() }],
  });
  Object.assign(personHooks, identity.personHooks); // late binding: identity needs the directory, the directory is told of identity
  const audit = createAuditService(database.db);
  const privacy = createPrivacyService({ db: database.db, providers: () => [directory.privacy.provider, identity.privacy], recordSensitiveRead: audit.recordSensitiveRead });
  const views = createViewService({ db: database.db });
  const analytics = createAnalyticsService({
    db: database.db,
    sources: { commerce: createCommerceAnalyticsSource(database.db), directory: createDirectoryAnalyticsSource(database.db) },
    personVisible: async (ctx, id) => void (await directory.people.get(ctx, id)),
    storePath: config.analyticsPath,
    storeMemoryLimit: config.analyticsMemoryLimit,
    discountRate: config.analyticsDiscountRate,
    currency: config.analyticsCurrency,
    timeZone: config.analyticsTimeZone,
  });
  return { access, setup, directory, engagement, sales, commerce, admin, audit, privacy, identity, views, analytics, recordLookups: () => [directory.ownership.recordOf] };
}

export async function buildServer(database: Database, config: Config, logger?: FastifyServerOptions['logger']): Promise<{ app: FastifyInstance; services: Services }> {
  const services = createServices(database, config);
  const app = await buildHttpApp({
    config,
    logger,
    authenticate: services.access.authenticate,
    routes: [
      { prefix: '/api/v1', plugin: healthRoutes(database) },
      { prefix: '/api/v1', plugin: accessRoutes({ access: services.access, setup: services.setup, secureCookies: config.secureCookies }) },
      { prefix: '/api/v1', plugin: adminRoutes({ admin: services.admin, access: services.access, db: database.db, lookups: services.recordLookups }) },
      { prefix: '/api/v1', plugin: directoryRoutes(services.directory) },
      { prefix: '/api/v1', plugin: auditRoutes(services.audit) },
      { prefix: '/api/v1', plugin: privacyRoutes(services.privacy) },
      { prefix: '/api/v1', plugin: viewRoutes(services.views) },
      { prefix: '/api/v1', plugin: engagementRoutes(services.engagement) },
      { prefix: '/api/v1', plugin: salesRoutes(services.sales) },
      { prefix: '/api/v1', plugin: commerceRoutes(services.commerce) },
      { prefix: '/api/v1', plugin: identityRoutes(services.identity, { uploadMaxBytes: config.importMaxBytes }) },
      { prefix: '/api/v1', plugin: analyticsRoutes(services.analytics) },
    ],
    after: [webStatic()],
  });
  // The analytics store follows the outbox on its own watermark (kept in DuckDB, see analytics/store/feed.ts).
  let stopAnalytics: (() => Promise<void>) | undefined;
  if (config.analyticsPollMs > 0) app.addHook('onReady', async () => void (stopAnalytics = services.analytics.feed.startPolling(config.analyticsPollMs, (error) => app.log.error({ err: error }, 'analytics feed failed'))));
  app.addHook('onClose', async () => {
    await stopAnalytics?.();
    await services.analytics.close();
  });
  // Other server processes announce revocations and role changes; this one forgets its cached principals at once.
  let stopListening: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopListening = await services.access.listenForAccessChanges((channel, onNotify) =>
      database.listen(channel, onNotify, (error) => app.log.warn({ err: error }, 'lost the access-change notifications; reconnecting (cached sign-ins still expire within 5 s)')),
    );
  });
  app.addHook('onClose', async () => {
    await stopListening?.();
  });
  // The timeline (and later other projections) follow the outbox in the background while the server runs.
  if (config.eventPollMs > 0) {
    let stopPolling: (() => Promise<void>) | undefined;
    let stopSealing: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stopPolling = services.engagement.timeline.startPolling(config.eventPollMs, (error) => app.log.error({ err: error }, 'timeline consumer failed'));
      stopSealing = services.audit.startSealing(config.eventPollMs, (error) => app.log.error({ err: error }, 'audit sealing failed'), config.auditAnchorFile || undefined);
    });
    app.addHook('onClose', async () => {
      await stopPolling?.();
      await stopSealing?.();
    });
  }
  // The embedded database has no autovacuum: a keeper analyses the tables that grew, so plans keep up with the data.
  if (database.kind === 'pglite') {
    let stopStatistics: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => void (stopStatistics = startStatisticsKeeper(database.db, 60_000, (error) => app.log.warn({ err: error }, 'analysing grown tables failed'))));
    app.addHook('onClose', async () => {
      await stopStatistics?.();
    });
  }
  // Order imports run in the background; one left unfinished by a stopped server is resumed (here, or by any
  // server once its heartbeat is stale). Stopping lets the running batch roll back, to be redone on resume.
  let stopResumingImports: (() => void) | undefined;
  if (config.eventPollMs > 0) app.addHook('onReady', async () => void (stopResumingImports = services.commerce.importJobs.startResuming(60_000, (error) => app.log.error({ err: error }, 'order import resume failed'))));
  app.addHook('onClose', async () => {
    stopResumingImports?.();
    await services.commerce.importJobs.stop();
  });
  return { app, services };
}

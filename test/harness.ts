/** A fresh, migrated database and a Fastify app per test file, on PGlite or PostgreSQL (DATABASE_URL). */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildServer, type Services } from '../src/app/server.ts';
import { migrationSources } from '../src/app/modules.ts';
import { DEFAULT_TENANT_ID, type ActorContext } from '../src/kernel/context.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

/** `url`: the database's connection string on PostgreSQL (for a child process to open it), undefined on PGlite. */
export type TestDatabase = { database: Database; url?: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const postgresUrl = inject('postgresUrl');
  if (postgresUrl) {
    const name = `guanxi_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    // CREATE DATABASE … TEMPLATE refuses while any session is still on the template (e.g. the global set-up's
    // pool closing, or another file's copy in progress); wait for it rather than fail the file.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE guanxi_test_template`);
        break;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
    return {
      database,
      url: url.toString(),
      drop: async () => {
        await database.close();
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const template = readFileSync(inject('pgliteTemplate'));
  const database = await openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([template]) });
  await migrate(database, migrationSources); // no-op on the template; catches a template older than the code
  return { database, drop: () => database.close() };
}

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  services: Services;
  config: Config;
  token: string;
  admin: { id: string; email: string };
  ctx: ActorContext;
  /** inject() with the admin's bearer token unless headers say otherwise. */
  call: (options: InjectOptions & { auth?: string | false }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
};

/** An app over a fresh database with no user at all: what `npm start` serves on first run. */
export type BareTestApp = {
  app: FastifyInstance;
  database: Database;
  services: Services;
  config: Config;
  /** inject() with no credentials unless headers bring some. */
  call: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
};

export async function createBareTestApp(overrides: Partial<Config> = {}): Promise<BareTestApp> {
  const { database, drop } = await createTestDatabase();
  // A key of its own, so no test writes secret.key into the repository's ./data.
  // The analytics store in memory, fed only when a test asks (services.analytics.feed.catchUp()).
  const config = { ...loadConfig({}, {}), secretKey: randomBytes(32).toString('base64'), auditAnchorFile: '', analyticsPath: '', analyticsPollMs: 0, ...overrides };
  const { app, services } = await buildServer(database, config, false);
  await app.ready();
  await services.setup.begin(); // as `guanxi serve` does at start
  return {
    app,
    database,
    services,
    config,
    call: (options) => app.inject(options),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const bare = await createBareTestApp(overrides);
  const { app, services } = bare;
  const systemCtx: ActorContext = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
  const admin = await services.access.createUser(systemCtx, { email: 'admin@example.com', displayName: '管理员', password: 'correct horse battery', isAdmin: true });
  const { token } = await services.access.createApiTokenForEmail(admin.email, 'tests');
  return {
    ...bare,
    token,
    admin: { id: admin.id, email: admin.email },
    ctx: { tenantId: DEFAULT_TENANT_ID, userId: admin.id, requestId: undefined },
    call: ({ auth, headers, ...options }) =>
      app.inject({ ...options, headers: { ...(auth === false ? {} : { authorization: `Bearer ${auth ?? token}` }), ...headers } }),
  };
}

/** Asserts the one error envelope and returns it. */
export function errorOf(response: LightMyRequestResponse): { code: string; message: string; details?: unknown } {
  const body = response.json() as { error?: { code: string; message: string; details?: unknown } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`expected an error envelope, got ${response.statusCode} ${response.body}`);
  }
  return body.error;
}

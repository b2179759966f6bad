/**
 * Two API processes on one PostgreSQL: a revocation made through one is honoured by the other at once (NOTIFY),
 * not after the other's 5-second principal cache runs out — also after the listening connection was lost.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildServer } from '../../../app/server.ts';
import { openDatabase, type Database } from '../../../platform/db/database.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import type { FastifyInstance } from 'fastify';

const postgresUrl = inject('postgresUrl');

/** Polls until `check` holds; the time it took, or Infinity. Well under the cache's 5 s proves the notification. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Infinity;
}

describe.skipIf(!postgresUrl)('access changes across server processes (PostgreSQL)', () => {
  let t: TestApp;
  let second: { app: FastifyInstance; database: Database } | undefined;
  afterAll(async () => {
    await second?.app.close();
    await second?.database.close();
    await t?.close();
  });

  it('a deactivation on one node signs the user out on the other within a moment, also after a lost connection', async () => {
    t = await createTestApp();
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.database.db)).rows[0]?.name ?? '';
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    const { app } = await buildServer(database, t.config, false);
    await app.ready();
    second = { app, database };

    const sys = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const signedIn = async (email: string) => {
      const user = await t.services.access.createUser(sys, { email, displayName: email, password: 'long enough password', roleKey: 'sales' });
      const { token } = await t.services.access.createApiTokenForEmail(email, 'x');
      return { user, token };
    };
    const meOnSecond = async (token: string) => (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode;

    const alice = await signedIn('alice-node@example.com');
    expect(await meOnSecond(alice.token)).toBe(200); // now cached on the second node
    await t.call({ method: 'PATCH', url: `/api/v1/users/${alice.user.id}`, payload: { status: 'deactivated' } });
    expect(await within(2000, async () => (await meOnSecond(alice.token)) === 401)).toBeLessThan(2000);

    // The second node's listening connection dies (a restart of a proxy, a network blip): it reconnects and hears again.
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'guanxi-listen' AND datname = ${name}`.execute(t.database.db);
    const bob = await signedIn('bob-node@example.com');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the reconnect runs after 1 s
    expect(await meOnSecond(bob.token)).toBe(200);
    await t.call({ method: 'PATCH', url: `/api/v1/users/${bob.user.id}`, payload: { status: 'deactivated' } });
    expect(await within(2000, async () => (await meOnSecond(bob.token)) === 401)).toBeLessThan(2000);
  });
});

/** First-run set-up: the first administrator created with the one-time link the server prints while no account exists. */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';
import { newId } from '../../../kernel/ids.ts';
import { createBareTestApp, createTestApp, errorOf, type BareTestApp } from '../../../../test/harness.ts';

let open: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

async function freshApp(): Promise<{ t: BareTestApp; token: string }> {
  const t = await createBareTestApp();
  open.push(t);
  // The token as a person reads it: from the line the server prints.
  const line = t.services.setup.announcement('http://localhost:3000');
  expect(line).toMatch(/^No account yet: open http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{32} to create the first administrator$/);
  const token = new URL(/(http\S+)/.exec(line ?? '')?.[1] ?? '').searchParams.get('token') ?? '';
  return { t, token };
}

const body = (token: string, overrides: Record<string, unknown> = {}) => ({ token, email: 'Boss@Example.com', displayName: '王老板', password: 'a long enough password', locale: 'zh-TW', ...overrides });
const setup = (t: BareTestApp, payload: unknown) => t.call({ method: 'POST', url: '/api/v1/auth/setup', payload: payload as Record<string, unknown> });
const needed = async (t: BareTestApp) => (await t.call({ method: 'GET', url: '/api/v1/auth/setup' })).json().needed as boolean;
const sessionOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === 'guanxi_session');

describe('first-run set-up', () => {
  it('is needed on a fresh database, and not where a user exists (no link is printed there)', async () => {
    const { t } = await freshApp();
    expect(await needed(t)).toBe(true);
    const seeded = await createTestApp();
    open.push(seeded);
    expect((await seeded.call({ method: 'GET', url: '/api/v1/auth/setup', auth: false })).json()).toEqual({ needed: false });
    // The harness created its admin after the start: this start drew a token, which still cannot be used.
    await seeded.services.setup.begin();
    expect(seeded.services.setup.announcement('http://localhost:3000')).toBeNull();
  });

  it('refuses a wrong token with 403, and an empty or missing one with 400 naming the field', async () => {
    const { t, token } = await freshApp();
    const wrong = await setup(t, body(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`));
    expect(wrong.statusCode).toBe(403);
    expect(errorOf(wrong).code).toBe('ACCESS.SETUP_TOKEN_WRONG');
    expect((await setup(t, body('x'.repeat(100)))).statusCode).toBe(403);
    const missing = await setup(t, { ...body(token), token: undefined });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(missing))).toContain('token');
    expect(await needed(t)).toBe(true);
  });

  it('refuses a weak password with 400 naming the field, as user creation does, and unknown fields', async () => {
    const { t, token } = await freshApp();
    const weak = await setup(t, body(token, { password: 'short' }));
    expect(weak.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(weak))).toContain('password');
    expect((await setup(t, body(token, { isAdmin: false }))).statusCode).toBe(400);
    expect((await setup(t, body(token, { locale: 'fr' }))).statusCode).toBe(400);
    expect(await needed(t)).toBe(true);
  });

  it('creates the administrator, signs them in, records it for the audit trail, then answers 409', async () => {
    const { t, token } = await freshApp();
    const created = await setup(t, body(token));
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ email: 'boss@example.com', displayName: '王老板', isAdmin: true, role: 'admin', locale: 'zh-TW' });
    expect(created.headers.location).toBe(`/api/v1/users/${user.id}`);
    const cookie = sessionOf(created);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.call({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `guanxi_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
    // The password works for later sign-ins.
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'boss@example.com', password: 'a long enough password' } })).statusCode).toBe(200);
    const events = await sql<{ type: string; payload: { via?: string; isAdmin?: boolean } }>`SELECT type, payload FROM events WHERE aggregate_id = ${user.id} ORDER BY seq`.execute(t.database.db);
    expect(events.rows.map((e) => e.type).slice(0, 2)).toEqual(['access.user.created', 'access.user.signed_in']);
    expect(events.rows[0]?.payload).toMatchObject({ via: 'setup', isAdmin: true });

    expect(await needed(t)).toBe(false);
    const again = await setup(t, body(token, { email: 'second@example.com' }));
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('ACCESS.ALREADY_SET_UP');
    expect(sessionOf(again)).toBeUndefined();
  });

  it('lets exactly one of two concurrent calls create the first administrator', async () => {
    const { t, token } = await freshApp();
    const answers = await Promise.all([setup(t, body(token, { email: 'first@example.com' })), setup(t, body(token, { email: 'second@example.com' }))]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const loser = answers.find((a) => a.statusCode === 409);
    expect(errorOf(loser!).code).toBe('ACCESS.ALREADY_SET_UP');
    const users = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(t.database.db);
    expect(users.rows[0]?.n).toBe(1);
  });

  it('waits for another process creating a user at the same moment, then refuses (the table lock)', async () => {
    const { t, token } = await freshApp();
    // Another process (say `guanxi admin create`) has inserted a user and not committed yet.
    let inserted!: () => void;
    let commit!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const other = t.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO users (tenant_id, id, email, display_name, password_hash) VALUES (${DEFAULT_TENANT_ID}, ${newId()}, 'other@example.com', 'other', 'x')`.execute(trx);
      inserted();
      await mayCommit;
    });
    await insertedYet;
    const attempt = setup(t, body(token));
    try {
      if (t.database.kind === 'postgres') {
        // Under READ COMMITTED the uncommitted row is invisible: only the lock makes the set-up wait for it.
        await expect.poll(async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'users'::regclass`.execute(t.database.db)).rows[0]?.n, { timeout: 30_000 }).toBe(1);
      }
    } finally {
      commit();
      await other;
    }
    const answer = await attempt;
    expect(answer.statusCode).toBe(409);
    expect(errorOf(answer).code).toBe('ACCESS.ALREADY_SET_UP');
  });

  it('is refused once a user exists, even if that user was created another way (the CLI) after the start', async () => {
    const { t, token } = await freshApp();
    await t.services.access.createUser({ tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined }, { email: 'cli@example.com', displayName: 'cli', password: 'long enough password', isAdmin: true });
    expect(await needed(t)).toBe(false);
    expect((await setup(t, body(token))).statusCode).toBe(409);
  });

  it('is rate-limited like sign-in', async () => {
    const { t } = await freshApp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await setup(t, body('not the token'))).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

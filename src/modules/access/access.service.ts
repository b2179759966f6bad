/** Users, sign-in sessions and API tokens, and the authenticator the HTTP layer calls on every request. */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { SecretKeyMismatch, type SecretBox } from '../../platform/secrets/secret-box.ts';
import { accessErrors } from './access.errors.ts';
import type { AccessTables } from './access.tables.ts';
import { createPrincipalCache } from './principal-cache.ts';
import { createScopeResolver } from './scope.service.ts';
import { newTotpSecret, totpUri, totpValid } from './totp.ts';
import { dummyPasswordHash, hashPassword, newSecret, secretHash, verifyPassword } from './secrets.ts';
import type { User } from './user.schema.ts';
import { insertUser, openSession, toUser, type NewUser, type UserRow } from './user.writes.ts';

export const SESSION_COOKIE = 'guanxi_session';
const ACCESS_CHANNEL = 'guanxi_access';
const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MS = 15 * 60_000;

export type AccessServiceDeps = {
  db: Kysely<Record<never, never>>;
  sessionTtlHours: number;
  /** Encrypts TOTP seeds at rest (a database dump alone must not let anyone pass the second factor). */
  secrets: SecretBox;
};

export type AccessService = ReturnType<typeof createAccessService>;

export function createAccessService(deps: AccessServiceDeps) {
  const db = deps.db.withTables<AccessTables>();
  const principals = createPrincipalCache();
  const scopes = createScopeResolver(db);

  async function createUser(ctx: ActorContext, input: NewUser): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const taken = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    if (taken) throw accessErrors.emailTaken(email);
    const passwordHash = await hashPassword(input.password);
    return toUser(await db.transaction().execute(async (trx) => insertUser(trx, ctx, { ...input, email, passwordHash })));
  }

  async function findUserByEmail(email: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
      .executeTakeFirst();
  }

  async function getUser(tenantId: string, id: string): Promise<User> {
    const row = await db.selectFrom('users').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw accessErrors.userNotFound(id);
    return toUser(row);
  }

  async function userExists(tenantId: string, id: string): Promise<boolean> {
    return Boolean(await db.selectFrom('users').select('id').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst());
  }

  /** Who is in which team (a user may be in several): for reports grouped by team. */
  async function teamMemberships(tenantId: string): Promise<Array<{ teamId: string; userId: string }>> {
    return db.selectFrom('teamMembers').select(['teamId', 'userId']).where('tenantId', '=', tenantId).execute();
  }

  async function listUsers(tenantId: string): Promise<User[]> {
    const rows = await db.selectFrom('users').selectAll().where('tenantId', '=', tenantId).orderBy('email').limit(1000).execute();
    return rows.map(toUser);
  }

  /** Checks the password and opens a session; the returned secret goes into the cookie and nowhere else. */
  async function login(email: string, password: string, meta: { ip?: string; userAgent?: string; totp?: string | undefined }) {
    const row = await findUserByEmail(email);
    if (row?.lockedUntil && row.lockedUntil > new Date()) throw accessErrors.locked(row.lockedUntil);
    const ok = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!row || !row.passwordHash || !ok || row.status !== 'active') {
      if (row) await recordFailedLogin(row.tenantId, row.id, row.failedLogins + 1);
      throw accessErrors.badCredentials();
    }
    if (row.totpEnabled && row.totpSecret) {
      if (!meta.totp) throw accessErrors.totpRequired();
      if (!totpValid(await openTotpSecret(row.tenantId, row.id, row.totpSecret), meta.totp)) {
        await recordFailedLogin(row.tenantId, row.id, row.failedLogins + 1);
        throw accessErrors.totpWrong();
      }
    }
    const { secret, expiresAt } = await db.transaction().execute(async (trx) => openSession(trx, row, meta, deps.sessionTtlHours));
    return { secret, expiresAt, user: toUser(row) };
  }

  async function recordFailedLogin(tenantId: string, userId: string, failures: number): Promise<void> {
    const lock = failures >= MAX_FAILED_LOGINS;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failedLogins: lock ? 0 : failures, ...(lock ? { lockedUntil: new Date(Date.now() + LOCKOUT_MS) } : {}) })
        .where('tenantId', '=', tenantId)
        .where('id', '=', userId)
        .execute();
      if (lock) await appendEvents(trx, { tenantId, userId: undefined, requestId: undefined }, [{ type: 'access.user.locked', aggregateType: 'user', aggregateId: userId, payload: { failures } }]);
    });
  }

  const totpContext = (tenantId: string, userId: string) => `${tenantId}:${userId}:totp`;

  /** The seed in clear for checking a code; a seed stored before encryption existed is sealed on the way. */
  async function openTotpSecret(tenantId: string, userId: string, stored: string): Promise<string> {
    try {
      const opened = deps.secrets.open(stored, totpContext(tenantId, userId));
      if (opened.legacyPlaintext) {
        await db.updateTable('users').set({ totpSecret: deps.secrets.seal(opened.value, totpContext(tenantId, userId)) })
          .where('tenantId', '=', tenantId).where('id', '=', userId).where('totpSecret', '=', stored).execute();
      }
      return opened.value;
    } catch (error) {
      if (error instanceof SecretKeyMismatch) throw accessErrors.secretKeyMismatch();
      throw error;
    }
  }

  /** Starts (or restarts) second-factor enrolment: the secret is stored (sealed) but not enforced until confirmed. */
  async function totpSetup(principal: Principal) {
    const secret = newTotpSecret();
    const sealed = deps.secrets.seal(secret, totpContext(principal.tenantId, principal.userId));
    await db.updateTable('users').set({ totpSecret: sealed, totpEnabled: false }).where('tenantId', '=', principal.tenantId).where('id', '=', principal.userId).execute();
    return { secret, uri: totpUri(secret, principal.email) };
  }

  /** Turns the second factor on (with a code from the new secret) or off (with a current code). */
  async function totpSet(principal: Principal, code: string, enabled: boolean) {
    const row = await db.selectFrom('users').select(['totpSecret']).where('tenantId', '=', principal.tenantId).where('id', '=', principal.userId).executeTakeFirstOrThrow();
    if (!row.totpSecret || !totpValid(await openTotpSecret(principal.tenantId, principal.userId, row.totpSecret), code)) throw accessErrors.totpWrong();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ totpEnabled: enabled, ...(enabled ? {} : { totpSecret: null }) }).where('tenantId', '=', principal.tenantId).where('id', '=', principal.userId).execute();
      await appendEvents(trx, { tenantId: principal.tenantId, userId: principal.userId, requestId: undefined }, [{ type: enabled ? 'access.totp.enabled' : 'access.totp.disabled', aggregateType: 'user', aggregateId: principal.userId, payload: {} }]);
    });
    return getUser(principal.tenantId, principal.userId);
  }

  async function logout(principal: Principal): Promise<void> {
    if (principal.via !== 'session') return;
    await db.updateTable('sessions').set({ revokedAt: new Date() }).where('tenantId', '=', principal.tenantId).where('id', '=', principal.credentialId).execute();
    // After the revocation is committed: clearing first would let a request in between cache the session again.
    announceAccessChange();
  }

  /**
   * Forgets every cached principal here and tells the other server processes to do the same (NOTIFY, heard by
   * `listenForAccessChanges`), so a revocation or a role change takes effect everywhere at once rather than after
   * the cache's 5 s. If the notification cannot be sent, the other processes still expire their entries in 5 s.
   */
  function announceAccessChange(): void {
    principals.clear();
    sql`SELECT pg_notify(${ACCESS_CHANNEL}, '')`.execute(db).catch(() => undefined);
  }

  /** Clears this process's cache whenever any process announces a change; returns the stop function. */
  function listenForAccessChanges(listen: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>) {
    return listen(ACCESS_CHANNEL, () => principals.clear());
  }

  async function createApiToken(ctx: ActorContext & { userId: string }, input: { name: string; scopes?: string[]; expiresInDays?: number }) {
    const secret = newSecret('gxt');
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null;
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('apiTokens')
        .values({ tenantId: ctx.tenantId, id: newId(), userId: ctx.userId, name: input.name, tokenHash: secretHash(secret), scopes: input.scopes ?? ['read', 'write'], expiresAt, lastUsedAt: null, revokedAt: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'access.token.created', aggregateType: 'user', aggregateId: ctx.userId, payload: { tokenId: inserted.id, name: input.name } }]);
      return inserted;
    });
    return {
      token: secret,
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      createdAt: iso(row.createdAt),
      expiresAt: isoOrNull(row.expiresAt),
      lastUsedAt: null,
    };
  }

  async function createApiTokenForEmail(email: string, name: string) {
    const row = await findUserByEmail(email);
    if (!row || row.status !== 'active') throw accessErrors.userNotFound(`with e-mail ${email}`);
    return createApiToken({ tenantId: row.tenantId, userId: row.id, requestId: undefined }, { name });
  }

  /** Bearer token first (integrations), then the session cookie (the web app). */
  async function authenticate(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    const secret = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : request.cookies?.[SESSION_COOKIE];
    if (!secret) return null;
    const hash = secretHash(secret);
    const key = `${header ? 't' : 's'}:${hash}`;
    const cached = principals.get(key);
    if (cached) return cached;
    const principal = await resolve(header !== undefined, hash);
    if (principal) principals.set(key, principal);
    return principal;
  }

  async function resolve(isBearer: boolean, hash: string): Promise<Principal | null> {
    if (isBearer) {
      const row = await db
        .selectFrom('apiTokens as t')
        .innerJoin('users as u', (join) => join.onRef('u.tenantId', '=', 't.tenantId').onRef('u.id', '=', 't.userId'))
        .select(['t.id', 't.tenantId', 't.userId', 't.scopes', 'u.email', 'u.roleKey', 'u.isAdmin'])
        .where('t.tokenHash', '=', hash)
        .where('t.revokedAt', 'is', null)
        .where((eb) => eb.or([eb('t.expiresAt', 'is', null), eb('t.expiresAt', '>', new Date())]))
        .where('u.status', '=', 'active')
        .executeTakeFirst();
      return row ? { tenantId: row.tenantId, userId: row.userId, email: row.email, via: 'token', credentialId: row.id, tokenScopes: row.scopes, scope: await scopes.resolve(row.tenantId, row.userId, row.roleKey, row.isAdmin) } : null;
    }
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (join) => join.onRef('u.tenantId', '=', 's.tenantId').onRef('u.id', '=', 's.userId'))
      .select(['s.id', 's.tenantId', 's.userId', 'u.email', 'u.roleKey', 'u.isAdmin'])
      .where('s.tokenHash', '=', hash)
      .where('s.revokedAt', 'is', null)
      .where('s.expiresAt', '>', new Date())
      .where('u.status', '=', 'active')
      .executeTakeFirst();
    return row ? { tenantId: row.tenantId, userId: row.userId, email: row.email, via: 'session', credentialId: row.id, tokenScopes: ['read', 'write'], scope: await scopes.resolve(row.tenantId, row.userId, row.roleKey, row.isAdmin) } : null;
  }

  return { teamMemberships, totpSetup, totpSet, createUser, getUser, userExists, clearPrincipalCache: principals.clear, announceAccessChange, listenForAccessChanges, resolveScope: scopes.resolve, rolePermissions: scopes.rolePermissions, listUsers, findUserByEmail, login, logout, createApiToken, createApiTokenForEmail, authenticate };
}

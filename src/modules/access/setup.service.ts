/**
 * First-run set-up: while a tenant has no user at all, whoever holds the one-time link the server printed at start
 * may create the first administrator from the browser (and is signed in), instead of stopping the server to run
 * `guanxi admin create`. The token lives in this process's memory only and is drawn anew at every start while no
 * user exists; so with several server processes, each link works on the process that printed it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { accessErrors } from './access.errors.ts';
import type { AccessTables } from './access.tables.ts';
import { hashPassword } from './secrets.ts';
import type { User } from './user.schema.ts';
import { insertUser, openSession, toUser, type NewUser, type SessionMeta } from './user.writes.ts';

export type SetupService = ReturnType<typeof createSetupService>;

export type SetupInput = Pick<NewUser, 'email' | 'displayName' | 'password' | 'locale'> & { token: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createSetupService(deps: { db: Kysely<Record<never, never>>; tenantId: string; sessionTtlHours: number }) {
  const db = deps.db.withTables<AccessTables>();
  let token: string | null = null;

  const hasUser = async (trx: Kysely<AccessTables>) =>
    Boolean(await trx.selectFrom('users').select('id').where('tenantId', '=', deps.tenantId).limit(1).executeTakeFirst());

  /** Draws this start's token when the tenant has no user yet; null when it has one (nothing to set up). */
  async function begin(): Promise<string | null> {
    token = (await hasUser(db)) ? null : randomBytes(24).toString('base64url');
    return token;
  }

  /** The line to print at start (with the address the server listens on), or null when no set-up is needed. */
  function announcement(baseUrl: string): string | null {
    if (!token) return null;
    return `No account yet: open ${baseUrl.replace(/\/$/, '')}/setup?token=${token} to create the first administrator`;
  }

  async function needed(): Promise<boolean> {
    return token !== null && !(await hasUser(db));
  }

  /** Compares digests, so neither the length nor the content of the token leaks through timing. */
  function tokenMatches(given: string): boolean {
    return token !== null && timingSafeEqual(digest(given), digest(token));
  }

  /**
   * Creates the first administrator and opens their session. The "no user yet" check is made again inside the
   * creating transaction, under a lock on the users table that any other insert into it waits for, so two
   * concurrent calls (or a `guanxi admin create` against the same database) cannot both create a first user.
   */
  async function complete(input: SetupInput, meta: SessionMeta & { requestId?: string | undefined }): Promise<{ user: User; secret: string; expiresAt: Date }> {
    if (!(await needed())) throw accessErrors.alreadySetUp();
    if (!tokenMatches(input.token)) throw accessErrors.setupTokenWrong();
    const passwordHash = await hashPassword(input.password);
    const ctx: ActorContext = { tenantId: deps.tenantId, userId: undefined, requestId: meta.requestId, ip: meta.ip };
    const result = await db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      if (await hasUser(trx)) throw accessErrors.alreadySetUp();
      const row = await insertUser(trx, ctx, { email: input.email, displayName: input.displayName, locale: input.locale, isAdmin: true, passwordHash }, 'setup');
      const session = await openSession(trx, row, meta, deps.sessionTtlHours);
      return { user: toUser(row), ...session };
    });
    token = null;
    return result;
  }

  return { begin, announcement, needed, complete };
}

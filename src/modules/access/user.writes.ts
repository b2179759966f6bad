/** The two writes that both an administrator's "create user" / sign-in and the first-run set-up make, in the caller's transaction. */
import type { Kysely, Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { AccessTables, UsersTable } from './access.tables.ts';
import { newSecret, secretHash } from './secrets.ts';
import type { User, UserCreate } from './user.schema.ts';

export type UserRow = Selectable<UsersTable>;
export type NewUser = Required<Pick<UserCreate, 'email' | 'displayName' | 'password'>> & Pick<UserCreate, 'isAdmin' | 'locale' | 'roleKey'>;
export type SessionMeta = { ip?: string | undefined; userAgent?: string | undefined };

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  status: row.status,
  isAdmin: row.isAdmin,
  locale: row.locale,
  role: row.roleKey,
  totpEnabled: row.totpEnabled,
  lastLoginAt: isoOrNull(row.lastLoginAt),
  createdAt: iso(row.createdAt),
  version: row.version,
});

/** Inserts the user (the password already hashed) and its `access.user.created` event, which the audit trail reads. */
export async function insertUser(trx: Kysely<AccessTables>, ctx: ActorContext, input: Omit<NewUser, 'password'> & { passwordHash: string }, via?: 'setup'): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const row = await trx
    .insertInto('users')
    .values({
      tenantId: ctx.tenantId,
      id: newId(),
      email,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      isAdmin: input.isAdmin ?? false,
      roleKey: input.isAdmin ? 'admin' : (input.roleKey ?? 'sales'),
      locale: input.locale ?? 'zh-CN',
      createdBy: ctx.userId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvents(trx, ctx, [
    { type: 'access.user.created', aggregateType: 'user', aggregateId: row.id, payload: { email, isAdmin: row.isAdmin, ...(via ? { via } : {}) } },
  ]);
  return row;
}

/** Opens a sign-in session for the user; the returned secret goes into the cookie and nowhere else. */
export async function openSession(trx: Kysely<AccessTables>, row: UserRow, meta: SessionMeta & { requestId?: string | undefined }, ttlHours: number): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret('gxs');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  const ctx: ActorContext = { tenantId: row.tenantId, userId: row.id, requestId: meta.requestId, ip: meta.ip };
  await trx
    .insertInto('sessions')
    .values({ tenantId: row.tenantId, id: newId(), userId: row.id, tokenHash: secretHash(secret), ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 500) ?? null, expiresAt, revokedAt: null })
    .execute();
  await trx.updateTable('users').set({ lastLoginAt: new Date(), failedLogins: 0, lockedUntil: null }).where('tenantId', '=', row.tenantId).where('id', '=', row.id).execute();
  await appendEvents(trx, ctx, [{ type: 'access.user.signed_in', aggregateType: 'user', aggregateId: row.id, payload: { ip: meta.ip ?? null } }]);
  return { secret, expiresAt };
}

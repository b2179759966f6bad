/**
 * Administration of who may do what: roles, the team tree, users (role, deactivation), shares, and the handover
 * of a leaver's customers and open work. Every change clears the principal cache so it applies at once here.
 */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { AccessTables } from './access.tables.ts';
import { BUILT_IN_ROLES, type RolePermissions } from './default-roles.ts';

/** Moves one module's records from one owner to another inside the handover's transaction; returns counts. */
export type OwnershipTransfer = (
  trx: Kysely<Record<never, never>>,
  ctx: ActorContext,
  move: { fromUserId: string; toUserId: string; only?: Record<string, string[]> | undefined },
) => Promise<Record<string, number>>;

const notFound = (what: string, id: string) => new AppError('not_found', 'ACCESS.NOT_FOUND', `${what} ${id} was not found`);
const invalidRef = (field: string, id: string) => new AppError('invalid', 'ACCESS.BAD_REFERENCE', `${field}: nothing with id ${id}`, { field });

export function requireAdmin(ctx: ActorContext): void {
  if (ctx.scope && !ctx.scope.isAdmin) throw new AppError('forbidden', 'ACCESS.ADMIN_ONLY', 'Only an administrator may do this');
}

/** Finds a record's owner in whichever module owns the object type (for sharing decisions). */
export type RecordLookup = (tenantId: string, objectType: string, id: string) => Promise<{ id: string; ownerId: string | null } | undefined>;

export function createAdminService(deps: { db: Kysely<AccessTables>; onChange: () => void; transfers: () => OwnershipTransfer[] }) {
  const { db } = deps;

  async function listRoles(tenantId: string) {
    const rows = await db.selectFrom('roles').selectAll().where('tenantId', '=', tenantId).execute();
    const own = new Map(rows.map((r) => [r.key, r]));
    const keys = [...new Set([...Object.keys(BUILT_IN_ROLES), ...own.keys()])];
    return keys.map((key) => {
      const row = own.get(key);
      const builtIn = BUILT_IN_ROLES[key];
      return { key, name: row?.name ?? builtIn?.name ?? { en: key }, permissions: (row?.permissions ?? builtIn?.permissions) as RolePermissions, builtIn: Boolean(builtIn), customised: Boolean(row) };
    });
  }

  async function upsertRole(ctx: ActorContext, key: string, input: { name?: Record<string, string | undefined> | undefined; permissions: RolePermissions }) {
    requireAdmin(ctx);
    if (key === 'admin') throw new AppError('conflict', 'ACCESS.ROLE_LOCKED', 'The admin role cannot be changed: someone must always be able to fix the rest');
    const name = JSON.stringify(input.name ?? BUILT_IN_ROLES[key]?.name ?? { en: key });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('roles')
        .values({ tenantId: ctx.tenantId, key, name, permissions: JSON.stringify(input.permissions) })
        .onConflict((oc) => oc.columns(['tenantId', 'key']).doUpdateSet({ name, permissions: JSON.stringify(input.permissions), updatedAt: new Date() }))
        .execute();
      await appendEvents(trx, ctx, [{ type: 'access.role.changed', aggregateType: 'role', aggregateId: ctx.tenantId, payload: { key, permissions: input.permissions } }]);
    });
    deps.onChange();
    return (await listRoles(ctx.tenantId)).find((r) => r.key === key)!;
  }

  async function teamView(tenantId: string, id: string) {
    const team = await db.selectFrom('teams').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!team) throw notFound('Team', id);
    const members = await db.selectFrom('teamMembers').select('userId').where('tenantId', '=', tenantId).where('teamId', '=', id).orderBy('userId').execute();
    return { id: team.id, name: team.name, kind: team.kind, parentId: team.parentId, managerId: team.managerId, memberIds: members.map((m) => m.userId), version: team.version };
  }

  async function listTeams(tenantId: string) {
    const teams = await db.selectFrom('teams').select('id').where('tenantId', '=', tenantId).orderBy('name').execute();
    return Promise.all(teams.map((t) => teamView(tenantId, t.id)));
  }

  async function checkUser(tenantId: string, field: string, id: string | null | undefined) {
    if (!id) return;
    const user = await db.selectFrom('users').select('id').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!user) throw invalidRef(field, id);
  }

  async function checkParent(tenantId: string, teamId: string | undefined, parentId: string | null | undefined) {
    if (!parentId) return;
    // Walk up from the proposed parent: meeting the team itself would make a cycle.
    let cursor: string | null = parentId;
    for (let depth = 0; cursor && depth < 100; depth++) {
      if (cursor === teamId) throw new AppError('invalid', 'ACCESS.TEAM_CYCLE', 'parentId: a team cannot sit below itself', { field: 'parentId' });
      const row: { parentId: string | null } | undefined = await db.selectFrom('teams').select('parentId').where('tenantId', '=', tenantId).where('id', '=', cursor).executeTakeFirst();
      if (!row) throw invalidRef('parentId', cursor);
      cursor = row.parentId;
    }
  }

  async function createTeam(ctx: ActorContext, input: { name: string; kind: 'company' | 'subsidiary' | 'branch' | 'department' | 'team'; parentId?: string | null | undefined; managerId?: string | null | undefined }) {
    requireAdmin(ctx);
    await checkParent(ctx.tenantId, undefined, input.parentId);
    await checkUser(ctx.tenantId, 'managerId', input.managerId);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('teams').values({ tenantId: ctx.tenantId, id, name: input.name, kind: input.kind, parentId: input.parentId ?? null, managerId: input.managerId ?? null }).execute();
      await appendEvents(trx, ctx, [{ type: 'access.team.created', aggregateType: 'team', aggregateId: id, payload: { name: input.name, parentId: input.parentId ?? null } }]);
    });
    deps.onChange();
    return teamView(ctx.tenantId, id);
  }

  async function updateTeam(ctx: ActorContext, id: string, patch: { name?: string | undefined; parentId?: string | null | undefined; managerId?: string | null | undefined }) {
    requireAdmin(ctx);
    await teamView(ctx.tenantId, id);
    await checkParent(ctx.tenantId, id, patch.parentId);
    await checkUser(ctx.tenantId, 'managerId', patch.managerId);
    await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('teams').select('version').where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      await trx.updateTable('teams').set({ ...patch, updatedAt: new Date(), version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
      await appendEvents(trx, ctx, [{ type: 'access.team.updated', aggregateType: 'team', aggregateId: id, payload: { changed: patch } }]);
    });
    deps.onChange();
    return teamView(ctx.tenantId, id);
  }

  async function setMember(ctx: ActorContext, teamId: string, userId: string, member: boolean) {
    requireAdmin(ctx);
    await teamView(ctx.tenantId, teamId);
    await checkUser(ctx.tenantId, 'userId', userId);
    await db.transaction().execute(async (trx) => {
      if (member) await trx.insertInto('teamMembers').values({ tenantId: ctx.tenantId, teamId, userId }).onConflict((oc) => oc.doNothing()).execute();
      else await trx.deleteFrom('teamMembers').where('tenantId', '=', ctx.tenantId).where('teamId', '=', teamId).where('userId', '=', userId).execute();
      await appendEvents(trx, ctx, [{ type: member ? 'access.team.member_added' : 'access.team.member_removed', aggregateType: 'team', aggregateId: teamId, payload: { userId } }]);
    });
    deps.onChange();
    return teamView(ctx.tenantId, teamId);
  }

  async function updateUser(ctx: ActorContext, id: string, patch: { displayName?: string | undefined; roleKey?: string | undefined; status?: 'active' | 'deactivated' | undefined; locale?: string | undefined }) {
    requireAdmin(ctx);
    if (patch.roleKey && !BUILT_IN_ROLES[patch.roleKey]) {
      const own = await db.selectFrom('roles').select('key').where('tenantId', '=', ctx.tenantId).where('key', '=', patch.roleKey).executeTakeFirst();
      if (!own) throw invalidRef('roleKey', patch.roleKey);
    }
    if (patch.status === 'deactivated' && id === ctx.userId) throw new AppError('conflict', 'ACCESS.SELF_DEACTIVATION', 'You cannot deactivate yourself');
    await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('users').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('User', id);
      await trx
        .updateTable('users')
        .set({ ...patch, ...(patch.roleKey ? { isAdmin: patch.roleKey === 'admin' } : {}), updatedAt: new Date(), version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .execute();
      if (patch.status === 'deactivated') {
        // Sessions and tokens die with the account, in the same transaction.
        await trx.updateTable('sessions').set({ revokedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('userId', '=', id).where('revokedAt', 'is', null).execute();
        await trx.updateTable('apiTokens').set({ revokedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('userId', '=', id).where('revokedAt', 'is', null).execute();
      }
      await appendEvents(trx, ctx, [{ type: 'access.user.updated', aggregateType: 'user', aggregateId: id, payload: { changed: patch, before: { roleKey: current.roleKey, status: current.status } } }]);
    });
    deps.onChange();
  }

  /** For a lost phone (or a changed server key): the user signs in with the password alone and enrols again. */
  async function resetSecondFactor(ctx: ActorContext, id: string) {
    requireAdmin(ctx);
    await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('users').select(['version', 'totpEnabled']).where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('User', id);
      await trx.updateTable('users').set({ totpEnabled: false, totpSecret: null, updatedAt: new Date(), version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
      await appendEvents(trx, ctx, [{ type: 'access.totp.reset', aggregateType: 'user', aggregateId: id, payload: { wasEnabled: current.totpEnabled } }]);
    });
    deps.onChange();
  }

  async function listShares(ctx: ActorContext, objectType: string, objectId: string) {
    const rows = await db.selectFrom('recordShares').selectAll().where('tenantId', '=', ctx.tenantId).where('objectType', '=', objectType).where('objectId', '=', objectId).orderBy('createdAt').execute();
    return rows.map((r) => ({ id: r.id, objectType: r.objectType, objectId: r.objectId, granteeType: r.granteeType, granteeId: r.granteeId, access: r.access, createdAt: iso(r.createdAt) }));
  }

  async function share(ctx: ActorContext, input: { objectType: string; objectId: string; granteeType: 'user' | 'team'; granteeId: string; access: 'read' | 'edit' }, canShare: boolean) {
    if (!canShare) throw new AppError('not_found', 'ACCESS.NOT_FOUND', `${input.objectType} ${input.objectId} was not found, or you may not share it`);
    if (input.granteeType === 'user') await checkUser(ctx.tenantId, 'granteeId', input.granteeId);
    else if (!(await db.selectFrom('teams').select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', input.granteeId).executeTakeFirst())) throw invalidRef('granteeId', input.granteeId);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('recordShares')
        .values({ tenantId: ctx.tenantId, id, ...input, createdBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'objectType', 'objectId', 'granteeType', 'granteeId']).doUpdateSet({ access: input.access }))
        .execute();
      await appendEvents(trx, ctx, [{ type: 'access.share.granted', aggregateType: input.objectType, aggregateId: input.objectId, payload: { ...input } }]);
    });
    deps.onChange();
    return (await listShares(ctx, input.objectType, input.objectId)).find((s) => s.granteeId === input.granteeId && s.granteeType === input.granteeType)!;
  }

  async function unshare(ctx: ActorContext, id: string, canShare: (objectType: string, objectId: string) => Promise<boolean>) {
    const row = await db.selectFrom('recordShares').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row || !(await canShare(row.objectType, row.objectId))) throw notFound('Share', id);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recordShares').where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
      await appendEvents(trx, ctx, [{ type: 'access.share.revoked', aggregateType: row.objectType, aggregateId: row.objectId, payload: { granteeType: row.granteeType, granteeId: row.granteeId } }]);
    });
    deps.onChange();
  }

  /** Hands over everything (or a selection) a user owns, in one transaction, and records who must be told. */
  async function handover(ctx: ActorContext, input: { fromUserId: string; toUserId: string; only?: Record<string, string[]> | undefined; deactivate: boolean }) {
    requireAdmin(ctx);
    await checkUser(ctx.tenantId, 'fromUserId', input.fromUserId);
    const receiver = await db.selectFrom('users').select(['id', 'status']).where('tenantId', '=', ctx.tenantId).where('id', '=', input.toUserId).executeTakeFirst();
    if (!receiver) throw invalidRef('toUserId', input.toUserId);
    if (receiver.status !== 'active') throw new AppError('invalid', 'ACCESS.RECEIVER_INACTIVE', 'toUserId: cannot hand over to a deactivated user', { field: 'toUserId' });
    const managers = await db
      .selectFrom('teams as t')
      .innerJoin('teamMembers as m', (j) => j.onRef('m.tenantId', '=', 't.tenantId').onRef('m.teamId', '=', 't.id'))
      .select('t.managerId')
      .where('t.tenantId', '=', ctx.tenantId)
      .where('m.userId', 'in', [input.fromUserId, input.toUserId])
      .where('t.managerId', 'is not', null)
      .execute();
    const notified = [...new Set([input.fromUserId, input.toUserId, ...managers.map((m) => m.managerId as string)])];
    const transferred: Record<string, number> = {};
    await db.transaction().execute(async (trx) => {
      for (const transfer of deps.transfers()) Object.assign(transferred, await transfer(trx as unknown as Kysely<Record<never, never>>, ctx, input));
      if (input.deactivate) {
        await trx.updateTable('users').set({ status: 'deactivated', updatedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('id', '=', input.fromUserId).execute();
        await trx.updateTable('sessions').set({ revokedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('userId', '=', input.fromUserId).where('revokedAt', 'is', null).execute();
        await trx.updateTable('apiTokens').set({ revokedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('userId', '=', input.fromUserId).where('revokedAt', 'is', null).execute();
      }
      await appendEvents(trx, ctx, [
        { type: 'access.handover.completed', aggregateType: 'user', aggregateId: input.fromUserId, payload: { toUserId: input.toUserId, transferred, deactivated: input.deactivate } },
        ...notified.map((userId) => ({ type: 'access.notification.created', aggregateType: 'user', aggregateId: userId, payload: { kind: 'handover', fromUserId: input.fromUserId, toUserId: input.toUserId, transferred } })),
      ]);
    });
    deps.onChange();
    return { transferred, notified, deactivated: input.deactivate };
  }

  return { listRoles, upsertRole, listTeams, createTeam, updateTeam, setMember, updateUser, resetSecondFactor, listShares, share, unshare, handover };
}

export type AdminService = ReturnType<typeof createAdminService>;

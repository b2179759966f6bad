/**
 * Resolves a user's AccessScope: the role's permissions (the tenant's version, or the built-in one) turned into
 * concrete owner sets through the organisation tree.
 *   own     → the user
 *   team    → everyone in the teams the user belongs to or manages
 *   subtree → the same, plus every team below those
 */
import { sql, type Kysely } from 'kysely';
import type { AccessScope, OwnerSet, VisibilityLevel } from '../../kernel/access-scope.ts';
import type { AccessTables } from './access.tables.ts';
import { BUILT_IN_ROLES, type RolePermissions } from './default-roles.ts';

const NO_ACCESS: RolePermissions = { objects: { default: { read: 'none', write: 'none', delete: 'none' } }, fields: {}, admin: false, export: false };

export function createScopeResolver(db: Kysely<AccessTables>) {
  async function rolePermissions(tenantId: string, roleKey: string): Promise<RolePermissions> {
    const row = await db.selectFrom('roles').select('permissions').where('tenantId', '=', tenantId).where('key', '=', roleKey).executeTakeFirst();
    return row?.permissions ?? BUILT_IN_ROLES[roleKey]?.permissions ?? NO_ACCESS;
  }

  async function teamUsers(tenantId: string, userId: string, withSubtree: boolean): Promise<string[]> {
    const { rows } = await sql<{ userId: string }>`
      WITH RECURSIVE mine AS (
        SELECT team_id AS id FROM team_members WHERE tenant_id = ${tenantId} AND user_id = ${userId}
        UNION SELECT id FROM teams WHERE tenant_id = ${tenantId} AND manager_id = ${userId}
      ), reach AS (
        SELECT id FROM mine
        UNION SELECT t.id FROM teams t JOIN reach r ON t.parent_id = r.id WHERE t.tenant_id = ${tenantId} AND ${withSubtree}
      )
      SELECT DISTINCT m.user_id FROM team_members m JOIN reach r ON m.team_id = r.id WHERE m.tenant_id = ${tenantId}
      UNION SELECT DISTINCT t.manager_id FROM teams t JOIN reach r ON t.id = r.id WHERE t.tenant_id = ${tenantId} AND t.manager_id IS NOT NULL`.execute(db);
    return [...new Set([userId, ...rows.map((r) => r.userId)])];
  }

  async function resolve(tenantId: string, userId: string, roleKey: string, isAdminFlag: boolean): Promise<AccessScope> {
    const permissions = isAdminFlag ? (BUILT_IN_ROLES.admin?.permissions ?? NO_ACCESS) : await rolePermissions(tenantId, roleKey);
    const levels = new Set(Object.values(permissions.objects).flatMap((o) => [o.read, o.write, o.delete]));
    const team = levels.has('team') ? await teamUsers(tenantId, userId, false) : [];
    const subtree = levels.has('subtree') ? await teamUsers(tenantId, userId, true) : [];
    const owners = (level: VisibilityLevel): OwnerSet => {
      switch (level) {
        case 'all':
          return { kind: 'all' };
        case 'none':
          return { kind: 'none' };
        case 'own':
          return { kind: 'some', owners: [userId] };
        case 'team':
          return { kind: 'some', owners: team };
        case 'subtree':
          return { kind: 'some', owners: subtree };
      }
    };
    const teamIds = (await db.selectFrom('teamMembers').select('teamId').where('tenantId', '=', tenantId).where('userId', '=', userId).execute()).map((r) => r.teamId);
    return {
      userId,
      role: isAdminFlag ? 'admin' : roleKey,
      isAdmin: isAdminFlag || permissions.admin,
      teamIds,
      objects: Object.fromEntries(Object.entries(permissions.objects).map(([type, o]) => [type, { read: owners(o.read), write: owners(o.write), delete: owners(o.delete) }])),
      fields: permissions.fields,
      canExport: permissions.export,
    };
  }

  return { resolve, rolePermissions };
}

/**
 * Access: users, sign-in sessions (cookie), API tokens (bearer), the request authenticator, and the first-run
 * set-up (the first administrator created from a one-time link the server prints while no account exists).
 * Roles, teams, visibility and field permissions arrive with the access-control issue.
 */
import { fileURLToPath } from 'node:url';

export { createAccessService, SESSION_COOKIE, type AccessService } from './access.service.ts';
export { accessRoutes } from './access.routes.ts';
export { createSetupService, type SetupService } from './setup.service.ts';
export type { User } from './user.schema.ts';
export const accessMigrations = { module: 'access', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };
export { visibleRows, mayAct, type RowColumns } from './visibility.ts';
export { adminRoutes } from './admin.routes.ts';
export { type OwnershipTransfer, type RecordLookup, type AdminService } from './admin.service.ts';
export { BUILT_IN_ROLES, type RolePermissions } from './default-roles.ts';

import type { Kysely } from 'kysely';
import { createAdminService as createAdminServiceOver, type OwnershipTransfer as Transfer } from './admin.service.ts';
import type { AccessTables } from './access.tables.ts';

/** Roles, teams, users, shares and handover; `transfers` are the other modules' ownership hooks. */
export function createAdminService(deps: { db: Kysely<Record<never, never>>; onChange: () => void; transfers: () => Transfer[] }) {
  return createAdminServiceOver({ ...deps, db: deps.db.withTables<AccessTables>() });
}

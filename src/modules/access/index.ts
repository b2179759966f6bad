/**
 * Access: users, sign-in sessions (cookie), API tokens (bearer) and the request authenticator.
 * Roles, teams, visibility and field permissions arrive with the access-control issue.
 */
import { fileURLToPath } from 'node:url';

export { createAccessService, SESSION_COOKIE, type AccessService } from './access.service.ts';
export { accessRoutes } from './access.routes.ts';
export type { User } from './user.schema.ts';
export const accessMigrations = { module: 'access', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };
export { visibleRows, mayAct, type RowColumns } from './visibility.ts';

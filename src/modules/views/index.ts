/**
 * Saved views: named filters, sort and columns of a list, per user, optionally shared with one of the user's
 * teams (members apply it, only the owner changes it).
 */
import { fileURLToPath } from 'node:url';

export { createViewService, type ViewService } from './views.service.ts';
export { viewRoutes } from './views.routes.ts';
export type { SavedView } from './views.schema.ts';
export const viewMigrations = { module: 'views', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

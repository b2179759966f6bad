/** What the sales module needs from outside, and the reference checks built on it. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { isAppError } from '../../kernel/errors.ts';
import type { DirectoryService } from '../directory/index.ts';
import { salesErrors } from './sales.errors.ts';
import type { SalesTables } from './sales.tables.ts';

export type SalesDeps = {
  db: Kysely<Record<never, never>>;
  directory: Pick<DirectoryService, 'people' | 'organisations' | 'relations' | 'customers'>;
  userExists: (tenantId: string, userId: string) => Promise<boolean>;
  /** Team membership from the access module, for the forecast by team (a user may be in several teams). */
  teamMemberships?: (tenantId: string) => Promise<Array<{ teamId: string; userId: string }>>;
  clock?: () => Date;
};

export type SalesDb = Kysely<SalesTables>;

const found = (work: Promise<unknown>) =>
  work.then(
    () => true,
    (error: unknown) => {
      if (isAppError(error) && error.kind === 'not_found') return false;
      throw error;
    },
  );

export function salesChecks(deps: SalesDeps) {
  return {
    async person(ctx: ActorContext, id: string | null | undefined, field: string) {
      if (id && !(await found(deps.directory.people.get(ctx, id)))) throw salesErrors.badReference(field, 'person', id);
    },
    async organisation(ctx: ActorContext, id: string | null | undefined, field: string) {
      if (id && !(await found(deps.directory.organisations.get(ctx, id)))) throw salesErrors.badReference(field, 'organisation', id);
    },
    async user(ctx: ActorContext, id: string | null | undefined, field: string) {
      if (id && !(await deps.userExists(ctx.tenantId, id))) throw salesErrors.badReference(field, 'user', id);
    },
  };
}

export const subjects = (row: { personId: string | null; organisationId: string | null }) => [
  ...(row.personId ? [{ type: 'person' as const, id: row.personId }] : []),
  ...(row.organisationId ? [{ type: 'organisation' as const, id: row.organisationId }] : []),
];

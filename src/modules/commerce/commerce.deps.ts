/** What commerce needs from outside, and the reference checks built on it. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { isAppError } from '../../kernel/errors.ts';
import { visibleRows } from '../access/index.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { AttachmentStorage } from '../engagement/index.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { CommerceTables } from './commerce.tables.ts';

export type CommerceDeps = {
  db: Kysely<Record<never, never>>;
  directory: Pick<DirectoryService, 'people' | 'organisations'>;
  /** Where signed contract files go (the same storage as attachments). */
  storage: AttachmentStorage;
  fileMaxBytes: number;
  clock?: () => Date;
};

export type CommerceDb = Kysely<CommerceTables>;

const found = (work: Promise<unknown>) =>
  work.then(
    () => true,
    (error: unknown) => {
      if (isAppError(error) && error.kind === 'not_found') return false;
      throw error;
    },
  );

export function partyChecks(deps: CommerceDeps) {
  return async (ctx: ActorContext, input: { organisationId?: string | null | undefined; personId?: string | null | undefined }, prefix = '') => {
    if (input.organisationId && !(await found(deps.directory.organisations.get(ctx, input.organisationId)))) throw commerceErrors.badReference(`${prefix}organisationId`, 'organisation', input.organisationId);
    if (input.personId && !(await found(deps.directory.people.get(ctx, input.personId)))) throw commerceErrors.badReference(`${prefix}personId`, 'person', input.personId);
  };
}

export const subjects = (row: { personId: string | null; organisationId: string | null }) => [
  ...(row.personId ? [{ type: 'person' as const, id: row.personId }] : []),
  ...(row.organisationId ? [{ type: 'organisation' as const, id: row.organisationId }] : []),
];

/** Human document numbers: prefix-yyyymmdd-xxxxxx from the (time-ordered) id, unique and sortable. */
export const documentNumber = (prefix: string, id: string, on: Date) => `${prefix}-${on.toISOString().slice(0, 10).replace(/-/g, '')}-${id.slice(-6).toUpperCase()}`;

/**
 * Row visibility of commerce documents (access module owner sets): a document belongs to whoever created it.
 * A hidden document answers exactly as a missing one.
 */
export const visibleDocs = (ctx: ActorContext, table: 'quotes' | 'orders' | 'contracts' | 'receivables' | 'payables', objectType: string) =>
  visibleRows(ctx, objectType, { id: `${table}.id`, owner: `${table}.created_by` });

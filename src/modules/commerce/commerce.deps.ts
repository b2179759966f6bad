/** What commerce needs from outside, and the reference checks built on it. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { objectAccess, ownerAllowed } from '../../kernel/access-scope.ts';
import { isAppError } from '../../kernel/errors.ts';
import { visibleRows } from '../access/index.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { CommerceTables } from './commerce.tables.ts';

export type CommerceDeps = {
  db: Kysely<Record<never, never>>;
  directory: Pick<DirectoryService, 'people' | 'organisations' | 'customers'>;
  /** Where signed contract files go (the same storage as attachments). */
  storage: FileStorage;
  fileMaxBytes: number;
  /** Who a background job acts as: the user who started it, with their current scope (null if deactivated). */
  actorFor: (tenantId: string, userId: string) => Promise<ActorContext | null>;
  /** The opportunity a quote or contract is made for (the sales module, wired in src/app). */
  opportunities: OpportunityLinks;
  clock?: () => Date;
};

/** Any transaction over the shared database (the sales module names its own tables in it). */
export type SharedTransaction = Kysely<Record<never, never>>;

/** What commerce asks of the opportunity a document is made for, inside the document's transaction. */
export type OpportunityLinks = {
  /** Locks the opportunity; null when it is missing, deleted or hidden from the caller. */
  lock: (trx: SharedTransaction, ctx: ActorContext, id: string) => Promise<{ id: string; name: string; organisationId: string | null; personId: string | null; mayWrite: boolean } | null>;
  /** Records the document on the opportunity when its link is still empty; answers whether it did. */
  link: (trx: SharedTransaction, ctx: ActorContext, id: string, document: { quoteId: string } | { contractId: string }) => Promise<boolean>;
};

export type CommerceDb = Kysely<CommerceTables>;

/** The record, or null when the directory answers not found (hidden records answer the same). */
const found = <T>(work: Promise<T>): Promise<T | null> =>
  work.then(
    (record) => record,
    (error: unknown) => {
      if (isAppError(error) && error.kind === 'not_found') return null;
      throw error;
    },
  );

/**
 * Checks the customer of a document and answers its owner: the organisation's owner (else the person's), or the
 * caller when the customer has none. The caller must be allowed to write `objectType` for that owner, so nobody
 * creates a document they could not see afterwards.
 */
export function partyChecks(deps: CommerceDeps) {
  return async (ctx: ActorContext, input: { organisationId?: string | null | undefined; personId?: string | null | undefined }, prefix = '', objectType?: string): Promise<{ ownerId: string | null }> => {
    const organisation = input.organisationId ? await found(deps.directory.organisations.get(ctx, input.organisationId)) : null;
    if (input.organisationId && !organisation) throw commerceErrors.badReference(`${prefix}organisationId`, 'organisation', input.organisationId);
    const person = input.personId ? await found(deps.directory.people.get(ctx, input.personId)) : null;
    if (input.personId && !person) throw commerceErrors.badReference(`${prefix}personId`, 'person', input.personId);
    const ownerId = organisation?.ownerId ?? person?.ownerId ?? ctx.userId ?? null;
    if (objectType) assertMayWriteFor(ctx, objectType, ownerId);
    return { ownerId };
  };
}

/** 403 unless the caller's role may write `objectType` records owned by `ownerId`. */
export function assertMayWriteFor(ctx: ActorContext, objectType: string, ownerId: string | null) {
  if (!ctx.scope) return;
  if (!ownerAllowed(objectAccess(ctx.scope, objectType).write, ownerId)) throw commerceErrors.notYours(objectType);
}

export const subjects = (row: { personId: string | null; organisationId: string | null }) => [
  ...(row.personId ? [{ type: 'person' as const, id: row.personId }] : []),
  ...(row.organisationId ? [{ type: 'organisation' as const, id: row.organisationId }] : []),
];

/** Human document numbers: prefix-yyyymmdd-xxxxxx from the (time-ordered) id, unique and sortable. */
export const documentNumber = (prefix: string, id: string, on: Date) => `${prefix}-${on.toISOString().slice(0, 10).replace(/-/g, '')}-${id.slice(-6).toUpperCase()}`;

/**
 * Row visibility of commerce documents (access module owner sets): a document belongs to its customer's owner.
 * A hidden document answers exactly as a missing one.
 */
export const visibleDocs = (ctx: ActorContext, table: 'quotes' | 'orders' | 'contracts' | 'receivables' | 'payables', objectType: string) =>
  visibleRows(ctx, objectType, { id: `${table}.id`, owner: `${table}.owner_id` });

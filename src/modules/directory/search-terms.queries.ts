/** Keeps a record's search terms in step with it, inside the caller's transaction. */
import type { Kysely } from 'kysely';
import type { DirectoryTables } from './directory.tables.ts';
import type { SearchTerm } from './search-terms.ts';

export async function replaceSearchTerms(trx: Kysely<DirectoryTables>, tenantId: string, entity: 'person' | 'organisation', entityId: string, terms: SearchTerm[]): Promise<void> {
  await trx.deleteFrom('searchTerms').where('tenantId', '=', tenantId).where('entityId', '=', entityId).execute();
  if (terms.length === 0) return;
  await trx.insertInto('searchTerms').values(terms.map(({ term, field }) => ({ tenantId, entity, entityId, term, field }))).execute();
}

export async function clearSearchTerms(trx: Kysely<DirectoryTables>, tenantId: string, entityId: string): Promise<void> {
  await trx.deleteFrom('searchTerms').where('tenantId', '=', tenantId).where('entityId', '=', entityId).execute();
}

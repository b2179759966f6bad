/** Keeps a record's search terms in step with it, inside the caller's transaction. */
import type { Kysely, QueryExecutorProvider } from 'kysely';
import { copyInto } from '../../platform/db/copy.ts';
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

/**
 * Many records' terms in one statement (imports): COPY on the caller's connection (inside its transaction) — neither
 * placeholders nor array literals to build in node and parse on the server.
 */
export async function insertSearchTerms(trx: QueryExecutorProvider, tenantId: string, entity: 'person' | 'organisation', terms: Array<SearchTerm & { entityId: string }>): Promise<void> {
  if (terms.length === 0) return;
  await copyInto('search_terms', ['tenant_id', 'entity', 'entity_id', 'term', 'field'], terms.map((t) => [tenantId, entity, t.entityId, t.term, t.field])).execute(trx);
}

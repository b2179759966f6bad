/** Keeps a record's search terms in step with it, inside the caller's transaction. */
import { sql, type Kysely } from 'kysely';
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

/** Many records' terms in one statement (imports): three array parameters instead of five placeholders per term. */
export async function insertSearchTerms(trx: Kysely<DirectoryTables>, tenantId: string, entity: 'person' | 'organisation', terms: Array<SearchTerm & { entityId: string }>): Promise<void> {
  if (terms.length === 0) return;
  await sql`
    INSERT INTO search_terms (tenant_id, entity, entity_id, term, field)
    SELECT ${tenantId}, ${entity}, t.entity_id, t.term, t.field
    FROM unnest(${terms.map((t) => t.entityId)}::uuid[], ${terms.map((t) => t.term)}::text[], ${terms.map((t) => t.field)}::text[]) AS t(entity_id, term, field)`.execute(trx);
}

/** People lists (filters, sorts, keyset pages) and the ranked search box. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import type { CustomFieldService } from './custom-field.service.ts';
import type { DirectoryTables } from './directory.tables.ts';
import { afterCursor, customFilter, nextCursor, orderBy, sortSpec } from './list-query.ts';
import { viewPerson, type PersonRow } from './person.mapper.ts';
import { visibleRows } from '../access/index.ts';
import { requireVisible, searchableFields } from './field-access.ts';
import { PERSON_SORTS, type Person, type PersonListQuery } from './person.schema.ts';
import { likePrefix, searchQueryOf } from './search-terms.ts';

// A search term shared by this many records says little; cap the scan so a one-letter query stays fast.
const MAX_TERM_HITS = 5000;

export function createPersonLists(db: Kysely<DirectoryTables>, customFields: CustomFieldService) {
  async function list(ctx: ActorContext, query: PersonListQuery): Promise<{ items: Person[]; nextCursor: string | null }> {
    const definitions = query.cf || query.sort.includes('custom.') ? await customFields.list(ctx.tenantId, 'person') : [];
    const spec = sortSpec(query.sort, PERSON_SORTS, definitions);
    // A sort or filter on a field the role sees masked would reveal it through the order or the count.
    if (query.sort.replace(/^-/, '') === 'birthday') requireVisible(ctx.scope, 'person', 'birthday', 'sort');
    if (query.province || query.city) requireVisible(ctx.scope, 'person', 'addresses', query.province ? 'province' : 'city');
    let select = db.selectFrom('people').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleRows(ctx, 'person', { id: 'people.id', owner: 'people.owner_id' }));
    if (query.includeDeleted !== 'true') select = select.where('deletedAt', 'is', null);
    if (query.ownerId) select = select.where('ownerId', '=', query.ownerId);
    if (query.tag?.length) select = select.where(sql<boolean>`tags @> ${sql.val(query.tag)}::text[]`);
    if (query.relationshipType) select = select.where(sql<boolean>`relationship_types @> ARRAY[${query.relationshipType}]::text[]`);
    if (query.source) select = select.where('source', '=', query.source);
    if (query.gender) select = select.where('gender', '=', query.gender);
    if (query.province) select = select.where('province', '=', query.province);
    if (query.city) select = select.where('city', '=', query.city);
    if (query.createdFrom) select = select.where('createdAt', '>=', new Date(`${query.createdFrom}T00:00:00Z`));
    if (query.createdTo) select = select.where('createdAt', '<', new Date(new Date(`${query.createdTo}T00:00:00Z`).getTime() + 86400_000));
    if (query.organisationId) {
      const orgId = query.organisationId;
      select = select.where('id', 'in', db.selectFrom('memberships').select('personId').where('tenantId', '=', ctx.tenantId).where('organisationId', '=', orgId));
    }
    for (const filter of query.cf ?? []) select = select.where(customFilter(filter, definitions));
    if (query.q) {
      const search = searchQueryOf(query.q);
      if (!search) return { items: [], nextCursor: null };
      select = select.where('id', 'in', db.selectFrom('searchTerms').select('entityId').where('tenantId', '=', ctx.tenantId).where('entity', '=', 'person').where('field', 'in', searchableFields(ctx.scope, 'person')).where(sql<boolean>`term LIKE ${likePrefix(search.term)}`));
    }
    const after = afterCursor(spec, query.cursor);
    if (after) select = select.where(after);
    const rows = (await select.orderBy(orderBy(spec)).limit(query.limit + 1).execute()) as PersonRow[];
    return { items: rows.slice(0, query.limit).map((row) => viewPerson(row, ctx.scope)), nextCursor: nextCursor(rows as unknown as Array<Record<string, unknown>>, query.limit, spec) };
  }

  /**
   * The search box, in three tiers so that each is an index lookup that stops early, whatever the size of the
   * directory: (1) the person's own name keys — as written, full pinyin, initials (zw → 张伟 before Wei Zhang);
   * (2) any exact search term (a phone, an e-mail, a reversed name); (3) any term starting with the query.
   * Within a tier, by pinyin. Every tier is filtered by visibility and by the fields the caller may search.
   */
  async function search(ctx: ActorContext, q: string, limit: number): Promise<Person[]> {
    const query = searchQueryOf(q);
    if (!query) return [];
    const found: PersonRow[] = [];
    // Candidates are collected first (MATERIALIZED: an index lookup with its own cap) and only then sorted;
    // otherwise the planner may walk the whole name index in order, probing for the few matches (seconds at 1M).
    const tier = async (candidates: RawBuilder<unknown>) => {
      const { rows } = await sql<PersonRow>`
        WITH hits AS MATERIALIZED (${candidates})
        SELECT p.* FROM hits JOIN people p ON p.tenant_id = ${ctx.tenantId} AND p.id = hits.id
        WHERE p.deleted_at IS NULL AND ${visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' })}
          ${found.length > 0 ? sql`AND NOT (p.id = ANY(${found.map((r) => r.id)}::uuid[]))` : sql``}
        ORDER BY p.name_pinyin, p.id
        LIMIT ${limit - found.length}`.execute(db);
      found.push(...rows);
    };
    const fields = searchableFields(ctx.scope, 'person');
    const terms = (match: RawBuilder<boolean>) =>
      sql`SELECT DISTINCT entity_id AS id FROM (
            SELECT entity_id FROM search_terms
            WHERE tenant_id = ${ctx.tenantId} AND entity = 'person' AND field = ANY(${fields}::text[]) AND ${match}
            LIMIT ${MAX_TERM_HITS}) t`;
    if (query.kind === 'text') {
      await tier(sql`SELECT id FROM people WHERE tenant_id = ${ctx.tenantId} AND deleted_at IS NULL
        AND (name_folded = ${query.term} OR name_pinyin = ${query.term} OR name_initials = ${query.term}) LIMIT ${MAX_TERM_HITS}`);
    }
    if (found.length < limit) await tier(terms(sql<boolean>`term = ${query.term}`));
    if (found.length < limit) await tier(terms(sql<boolean>`term LIKE ${likePrefix(query.term)}`));
    return found.map((row) => viewPerson(row, ctx.scope));
  }

  return { list, search };
}

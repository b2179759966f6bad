/** People lists (filters, sorts, keyset pages) and the ranked search box. */
import { sql, type Kysely } from 'kysely';
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
   * The search box: exact term matches first (typing 张伟 ranks 张伟 above 张伟明), then prefix matches by name.
   */
  async function search(ctx: ActorContext, q: string, limit: number): Promise<Person[]> {
    const query = searchQueryOf(q);
    if (!query) return [];
    const hits = db
      .selectFrom('searchTerms')
      .select(['entityId', sql<number>`CASE WHEN term = ${query.term} THEN 0 ELSE 1 END`.as('rank')])
      .where('tenantId', '=', ctx.tenantId)
      .where('entity', '=', 'person')
      .where('field', 'in', searchableFields(ctx.scope, 'person'))
      .where(sql<boolean>`term LIKE ${likePrefix(query.term)}`)
      .limit(MAX_TERM_HITS)
      .as('hits');
    const rows = await db
      .selectFrom(hits)
      .innerJoin('people as p', (join) => join.onRef('p.id', '=', 'hits.entityId').on('p.tenantId', '=', ctx.tenantId))
      .selectAll('p')
      .select(
        // The name as written or its own pinyin beats a reversed-order or partial match (zw → 张伟 before Wei Zhang).
        sql<number>`CASE WHEN p.name_folded = ${query.term} OR p.name_pinyin = ${query.term} OR p.name_initials = ${query.term} THEN 0 ELSE 1 + min(hits.rank) END`.as('bestRank'),
      )
      .where('p.deletedAt', 'is', null)
      .where(visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' }))
      .groupBy(['p.tenantId', 'p.id'])
      .orderBy('bestRank')
      .orderBy('p.namePinyin')
      .orderBy('p.id')
      .limit(limit)
      .execute();
    return rows.map((row) => viewPerson(row as PersonRow, ctx.scope));
  }

  return { list, search };
}

/** Organisations: create, read, change, soft delete, restore, list. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { foldName, namePinyin } from '../../kernel/chinese/name.ts';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { normaliseAddress, normaliseEmails, normalisePhones } from './contacts.ts';
import { applyCustomValues } from './custom-values.ts';
import { directoryErrors } from './directory.errors.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import { objectAccess, ownerAllowed, type AccessScope } from '../../kernel/access-scope.ts';
import { applyFieldRules, requireVisible, searchableFields } from './field-access.ts';
import type { DirectoryTables, OrganisationsTable } from './directory.tables.ts';
import { afterCursor, customFilter, nextCursor, orderBy, sortSpec } from './list-query.ts';
import { ORGANISATION_SORTS, type Organisation, type OrganisationCreate, type OrganisationListQuery, type OrganisationPatch } from './organisation.schema.ts';
import type { DirectoryDeps } from './person.service.ts';
import { likePrefix, recordTerms, searchQueryOf } from './search-terms.ts';
import { clearSearchTerms, replaceSearchTerms } from './search-terms.queries.ts';

type OrganisationRow = Selectable<OrganisationsTable>;

const toOrganisation = (row: OrganisationRow): Omit<Organisation, 'restrictedFields'> => ({
  id: row.id,
  name: row.name,
  namePinyin: row.namePinyin,
  legalName: row.legalName,
  industryCode: row.industryCode,
  relationshipTypes: row.relationshipTypes as Organisation['relationshipTypes'],
  ownerId: row.ownerId,
  source: row.source,
  tags: row.tags,
  phones: row.phones,
  emails: row.emails,
  website: row.website,
  address: row.address,
  notes: row.notes,
  custom: row.custom,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  createdBy: row.createdBy,
  version: row.version,
  deletedAt: isoOrNull(row.deletedAt),
});

const viewOrganisation = (row: OrganisationRow, scope: AccessScope | undefined): Organisation => applyFieldRules(toOrganisation(row), scope, 'organisation');

/** The search terms of an organisation (its name, legal name, phones, e-mails); also used by the merge. */
export const organisationTermsOf = (row: Pick<OrganisationRow, 'name' | 'legalName' | 'phones' | 'emails'>) =>
  recordTerms({ name: row.name, extraNames: row.legalName ? [row.legalName] : [], phones: row.phones, emails: row.emails });

export function createOrganisationService(deps: DirectoryDeps) {
  const { db } = deps;

  function columns(input: OrganisationCreate | OrganisationPatch) {
    const address = input.address === undefined ? undefined : input.address === null ? null : normaliseAddress(input.address);
    return {
      ...(input.name !== undefined ? { name: input.name, nameFolded: foldName(input.name), namePinyin: namePinyin(input.name).full } : {}),
      ...(input.legalName !== undefined ? { legalName: input.legalName } : {}),
      ...(input.industryCode !== undefined ? { industryCode: input.industryCode } : {}),
      ...(input.relationshipTypes ? { relationshipTypes: input.relationshipTypes } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...(input.source !== undefined ? { source: input.source } : {}),
      ...(input.tags ? { tags: [...new Set(input.tags)] } : {}),
      ...(input.phones ? { phones: JSON.stringify(normalisePhones(input.phones, deps.phoneRegion)) } : {}),
      ...(input.emails ? { emails: JSON.stringify(normaliseEmails(input.emails)) } : {}),
      ...(input.website !== undefined ? { website: input.website } : {}),
      ...(address !== undefined ? { address: JSON.stringify(address), province: address?.province ?? null, city: address?.city ?? null } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
    };
  }

  async function checkOwner(ctx: ActorContext, ownerId: string | null | undefined) {
    if (ownerId && !(await deps.userExists(ctx.tenantId, ownerId))) throw directoryErrors.badReference('ownerId', 'user', ownerId);
    if (!ctx.scope || ownerId === undefined) return;
    const write = objectAccess(ctx.scope, 'organisation').write;
    if (write.kind === 'none') throw directoryErrors.forbidden('Your role may not create or change organisations');
    if (ownerId !== ctx.scope.userId && !ownerAllowed(write, ownerId)) throw directoryErrors.forbidden('You may not give an organisation to an owner outside your scope');
  }

  async function loadForChange(ctx: ActorContext, trx: typeof db, id: string, action: 'write' | 'delete', wantDeleted: boolean) {
    const current = await trx.selectFrom('organisations').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current || Boolean(current.deletedAt) !== wantDeleted || !(await mayAct(trx, ctx, 'organisation', current, 'read'))) throw directoryErrors.organisationNotFound(id);
    if (!(await mayAct(trx, ctx, 'organisation', current, action))) throw directoryErrors.forbidden(`Your role may not ${action === 'write' ? 'change' : 'delete or restore'} organisation ${id}`);
    return current;
  }

  /** Checks a new organisation and returns its write, for a caller that creates it inside its own transaction. */
  async function prepareCreate(ctx: ActorContext, input: OrganisationCreate) {
    const custom = applyCustomValues(await deps.customFields.list(ctx.tenantId, 'organisation'), {}, input.custom, true);
    await checkOwner(ctx, input.ownerId ?? ctx.userId ?? null);
    const values = columns(input);
    const id = newId();
    const write = async (anyTrx: Kysely<Record<never, never>>): Promise<Organisation> => {
      const trx = anyTrx.withTables<DirectoryTables>();
      const row = await trx
        .insertInto('organisations')
        .values({
          tenantId: ctx.tenantId,
          id,
          name: input.name,
          nameFolded: foldName(input.name),
          namePinyin: namePinyin(input.name).full,
          ownerId: ctx.userId ?? null,
          relationshipTypes: [],
          tags: [],
          phones: '[]',
          emails: '[]',
          ...values,
          custom: JSON.stringify(custom.values),
          createdBy: ctx.userId ?? null,
          updatedBy: ctx.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceSearchTerms(trx, ctx.tenantId, 'organisation', id, organisationTermsOf(row));
      await appendEvents(trx, ctx, [{ type: 'directory.organisation.created', aggregateType: 'organisation', aggregateId: id, payload: { organisation: toOrganisation(row) } }]);
      return viewOrganisation(row, ctx.scope);
    };
    return { id, write };
  }

  async function create(ctx: ActorContext, input: OrganisationCreate): Promise<Organisation> {
    const prepared = await prepareCreate(ctx, input);
    return db.transaction().execute((trx) => prepared.write(trx as unknown as Kysely<Record<never, never>>));
  }

  async function get(ctx: ActorContext, id: string): Promise<Organisation> {
    const row = await db.selectFrom('organisations').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row || !(await mayAct(db, ctx, 'organisation', row, 'read'))) throw directoryErrors.organisationNotFound(id);
    return viewOrganisation(row, ctx.scope);
  }

  async function update(ctx: ActorContext, id: string, patch: OrganisationPatch, expectedVersion?: number): Promise<Organisation> {
    const definitions = patch.custom ? await deps.customFields.list(ctx.tenantId, 'organisation') : [];
    for (const field of ['phones', 'emails', 'address'] as const) if (patch[field] !== undefined) requireVisible(ctx.scope, 'organisation', field, field);
    await checkOwner(ctx, patch.ownerId);
    const values = columns(patch);
    return db.transaction().execute(async (trx) => {
      const current = await loadForChange(ctx, trx, id, 'write', false);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw directoryErrors.stale('Organisation', id, expectedVersion, current.version);
      const custom = patch.custom ? applyCustomValues(definitions, current.custom, patch.custom, false) : undefined;
      const row = await trx
        .updateTable('organisations')
        .set({ ...values, ...(custom ? { custom: JSON.stringify(custom.values) } : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceSearchTerms(trx, ctx.tenantId, 'organisation', id, organisationTermsOf(row));
      const before = toOrganisation(current) as Record<string, unknown>;
      const after = toOrganisation(row) as Record<string, unknown>;
      const changes = Object.fromEntries(
        Object.keys(patch).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { before: before[k] ?? null, after: after[k] ?? null }]),
      );
      await appendEvents(trx, ctx, [{ type: 'directory.organisation.updated', aggregateType: 'organisation', aggregateId: id, payload: { changes, version: row.version } }]);
      return viewOrganisation(row, ctx.scope);
    });
  }

  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Organisation> {
    return db.transaction().execute(async (trx) => {
      const current = await loadForChange(ctx, trx, id, 'delete', !deleted);
      // A merged organisation comes back only through un-merge, which also puts back what the merge moved.
      if (!deleted && current.mergedIntoId) throw directoryErrors.mergedAway(id, current.mergedIntoId);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw directoryErrors.stale('Organisation', id, expectedVersion, current.version);
      const row = await trx
        .updateTable('organisations')
        .set({ deletedAt: deleted ? new Date() : null, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (deleted) await clearSearchTerms(trx, ctx.tenantId, id);
      else await replaceSearchTerms(trx, ctx.tenantId, 'organisation', id, organisationTermsOf(row));
      await appendEvents(trx, ctx, [{ type: deleted ? 'directory.organisation.deleted' : 'directory.organisation.restored', aggregateType: 'organisation', aggregateId: id, payload: { version: row.version } }]);
      return viewOrganisation(row, ctx.scope);
    });
  }

  async function list(ctx: ActorContext, query: OrganisationListQuery): Promise<{ items: Organisation[]; nextCursor: string | null }> {
    const definitions = query.cf || query.sort.includes('custom.') ? await deps.customFields.list(ctx.tenantId, 'organisation') : [];
    const spec = sortSpec(query.sort, ORGANISATION_SORTS, definitions);
    if (query.province || query.city) requireVisible(ctx.scope, 'organisation', 'address', query.province ? 'province' : 'city');
    let select = db.selectFrom('organisations').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleRows(ctx, 'organisation', { id: 'organisations.id', owner: 'organisations.owner_id' }));
    if (query.includeDeleted !== 'true') select = select.where('deletedAt', 'is', null);
    if (query.ownerId) select = select.where('ownerId', '=', query.ownerId);
    if (query.tag?.length) select = select.where(sql<boolean>`tags @> ${sql.val(query.tag)}::text[]`);
    if (query.relationshipType) select = select.where(sql<boolean>`relationship_types @> ARRAY[${query.relationshipType}]::text[]`);
    if (query.industryCode) select = select.where('industryCode', 'like', likePrefix(query.industryCode));
    if (query.province) select = select.where('province', '=', query.province);
    if (query.city) select = select.where('city', '=', query.city);
    if (query.createdFrom) select = select.where('createdAt', '>=', new Date(`${query.createdFrom}T00:00:00Z`));
    if (query.createdTo) select = select.where('createdAt', '<', new Date(new Date(`${query.createdTo}T00:00:00Z`).getTime() + 86400_000));
    for (const filter of query.cf ?? []) select = select.where(customFilter(filter, definitions));
    if (query.q) {
      const search = searchQueryOf(query.q);
      if (!search) return { items: [], nextCursor: null };
      select = select.where('id', 'in', db.selectFrom('searchTerms').select('entityId').where('tenantId', '=', ctx.tenantId).where('entity', '=', 'organisation').where('field', 'in', searchableFields(ctx.scope, 'organisation')).where(sql<boolean>`term LIKE ${likePrefix(search.term)}`));
    }
    const after = afterCursor(spec, query.cursor);
    if (after) select = select.where(after);
    const rows = await select.orderBy(orderBy(spec)).limit(query.limit + 1).execute();
    return { items: rows.slice(0, query.limit).map((row) => viewOrganisation(row, ctx.scope)), nextCursor: nextCursor(rows as unknown as Array<Record<string, unknown>>, query.limit, spec) };
  }

  return {
    create,
    prepareCreate,
    get,
    update,
    list,
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

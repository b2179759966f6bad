/**
 * Merging a duplicate organisation into its survivor, and un-merging. In one transaction a merge moves every row
 * that names the duplicate — its memberships and key dates here, every other module's records through the injected
 * relinkers (each module's organisation-relink.ts, wired in app/server.ts) — fills the survivor's empty fields from
 * the duplicate, and marks the duplicate merged (soft-deleted, merged_into_id set; never hard-deleted). It stores
 * exactly what changed, so un-merge puts back precisely that state — or refuses with 409 when a later change (a
 * moved row re-assigned or deleted, a filled-in field edited, the survivor merged on) makes an exact undo impossible.
 *
 * Field rule: the survivor wins. Its empty scalar fields (null or '') take the duplicate's value; tags and
 * relationship types become the union; phones and e-mails the duplicate lacks are appended; custom-field keys the
 * survivor lacks are copied. A person working at both keeps the survivor's membership: the duplicate's row is
 * stored whole and removed (and the survivor's marked primary if the duplicate's was), and comes back on un-merge.
 */
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import type { RelinkState } from '../../platform/db/relink-columns.ts';
import { directoryErrors } from './directory.errors.ts';
import type { DirectoryTables } from './directory.tables.ts';
import { organisationTermsOf } from './organisation.service.ts';
import { clearSearchTerms, replaceSearchTerms } from './search-terms.queries.ts';

/** Another module's rows naming an organisation: `move` returns the ids it changed, `restore` the ids it could not put back. */
export type OrganisationRelinker = {
  name: string;
  move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<RelinkState>;
  restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: RelinkState): Promise<RelinkState>;
};

/** The organisations row as to_jsonb gives it (snake_case keys, JSON values). */
type RawOrganisation = Record<string, unknown> & { id: string; name: string; owner_id: string | null; version: number; deleted_at: string | null; merged_into_id: string | null };

export type OrganisationMergePrior = {
  /** Per module (`directory` for memberships and key dates), the ids moved per kind. */
  records: Record<string, RelinkState>;
  /** Memberships of people who worked at both: the duplicate's rows, whole, removed by the merge. */
  collapsedMemberships: Array<Record<string, unknown>>;
  /** The survivor's memberships marked primary because the collapsed one was. */
  primaryRaised: string[];
  /** The survivor's columns the merge filled in: before, and as the merge left them. */
  survivorBefore: Record<string, unknown>;
  survivorAfter: Record<string, unknown>;
};

const SCALAR_FIELDS = ['legal_name', 'industry_code', 'owner_id', 'source', 'website', 'notes'] as const;
const ADDRESS_FIELDS = ['address', 'province', 'city'] as const;
const FIELD_NAMES: Record<string, string> = {
  legal_name: 'legalName', industry_code: 'industryCode', owner_id: 'ownerId', source: 'source', website: 'website', notes: 'notes',
  address: 'address', tags: 'tags', relationship_types: 'relationshipTypes', phones: 'phones', emails: 'emails', custom: 'custom',
};

const empty = (value: unknown) => value === null || value === undefined || value === '';
const union = (a: unknown, b: unknown) => [...new Set([...((a as string[]) ?? []), ...((b as string[]) ?? [])])];
function appendMissing<T>(mine: T[], theirs: T[], key: (item: T) => string): T[] {
  const seen = new Set(mine.map(key));
  return [...mine, ...theirs.filter((item) => !seen.has(key(item)))];
}

/** The survivor's columns to change so it lacks nothing the duplicate has (the rule in the header). */
export function filledFields(survivor: Record<string, unknown>, duplicate: Record<string, unknown>): Record<string, unknown> {
  const fill: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) if (empty(survivor[field]) && !empty(duplicate[field])) fill[field] = duplicate[field];
  if (empty(survivor.address) && !empty(duplicate.address)) for (const field of ADDRESS_FIELDS) fill[field] = duplicate[field];
  for (const field of ['tags', 'relationship_types'] as const) {
    const merged = union(survivor[field], duplicate[field]);
    if (merged.length !== ((survivor[field] as unknown[]) ?? []).length) fill[field] = merged;
  }
  const phones = appendMissing((survivor.phones as Array<{ e164: string }>) ?? [], (duplicate.phones as Array<{ e164: string }>) ?? [], (p) => p.e164);
  if (phones.length !== ((survivor.phones as unknown[]) ?? []).length) fill.phones = phones;
  const emails = appendMissing((survivor.emails as Array<{ address: string }>) ?? [], (duplicate.emails as Array<{ address: string }>) ?? [], (e) => e.address.toLowerCase());
  if (emails.length !== ((survivor.emails as unknown[]) ?? []).length) fill.emails = emails;
  const mine = (survivor.custom as Record<string, unknown>) ?? {};
  const theirs = (duplicate.custom as Record<string, unknown>) ?? {};
  const missing = Object.keys(theirs).filter((key) => empty(mine[key]) && !empty(theirs[key]));
  if (missing.length) fill.custom = { ...mine, ...Object.fromEntries(missing.map((key) => [key, theirs[key]])) };
  return fill;
}

// The order kinds are listed in (the stored state is jsonb, whose keys come back sorted by length, not as written).
const KIND_ORDER = ['memberships', 'membershipsCollapsed', 'keyDates', 'interactions', 'tasks', 'opportunities', 'leads', 'quotes', 'contracts', 'orders', 'orderLines', 'receivables', 'payables'];
const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);

/** Moved rows per kind across modules, people first, then history, sales and money, e.g. { memberships: 2, orders: 3 } (kinds with nothing moved left out). */
export function movedCounts(prior: OrganisationMergePrior): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const state of Object.values(prior.records)) for (const [kind, ids] of Object.entries(state)) if (ids.length) counts[kind] = (counts[kind] ?? 0) + ids.length;
  if (prior.collapsedMemberships.length) counts.membershipsCollapsed = prior.collapsedMemberships.length;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}

const fieldsTakenOf = (prior: OrganisationMergePrior) => [...new Set(Object.keys(prior.survivorAfter).map((column) => FIELD_NAMES[column] ?? column))];

const errors = {
  sameOrganisation: () => new AppError('invalid', 'DIRECTORY.MERGE_SAME_ORGANISATION', 'duplicateId: an organisation cannot be merged into itself', { field: 'duplicateId' }),
  alreadyMerged: (id: string, into: string) => new AppError('conflict', 'DIRECTORY.ALREADY_MERGED', `Organisation ${id} was already merged into ${into}`, { organisationId: id, mergedIntoId: into }),
  mergeNotFound: (id: string) => new AppError('not_found', 'DIRECTORY.MERGE_NOT_FOUND', `No organisation merge ${id}`),
  alreadyUndone: (id: string) => new AppError('conflict', 'DIRECTORY.MERGE_ALREADY_UNDONE', `Merge ${id} was already undone`),
  cannotUndo: (id: string, reasons: Record<string, unknown>) =>
    new AppError('conflict', 'DIRECTORY.UNMERGE_NOT_EXACT', `Merge ${id} cannot be undone exactly: ${Object.keys(reasons).join(', ')} changed since the merge`, reasons),
};

/** Thrown inside the transaction of a preview so that nothing it did is kept. */
class PreviewRollback extends Error {
  constructor(readonly result: MergeResult) {
    super('preview');
  }
}
type MergeResult = { id: string; survivorId: string; duplicateId: string; moved: Record<string, number>; fieldsTaken: string[] };

export function createOrganisationMerges(db: Kysely<DirectoryTables>, relinkers: OrganisationRelinker[]) {
  const directoryRelink = {
    async move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string) {
      const memberships = await sql<{ id: string }>`UPDATE memberships m SET organisation_id = ${toId} WHERE m.tenant_id = ${tenantId} AND m.organisation_id = ${fromId}
        AND NOT EXISTS (SELECT 1 FROM memberships s WHERE s.tenant_id = m.tenant_id AND s.organisation_id = ${toId} AND s.person_id = m.person_id) RETURNING m.id`.execute(trx);
      const keyDates = await sql<{ id: string }>`UPDATE key_dates SET organisation_id = ${toId} WHERE tenant_id = ${tenantId} AND organisation_id = ${fromId} RETURNING id`.execute(trx);
      return { memberships: memberships.rows.map((r) => r.id).sort(), keyDates: keyDates.rows.map((r) => r.id).sort() };
    },
    async restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: RelinkState) {
      const missing: RelinkState = {};
      for (const [kind, table] of [['memberships', 'memberships'], ['keyDates', 'key_dates']] as const) {
        const ids = state[kind] ?? [];
        if (!ids.length) continue;
        const { rows } = await sql<{ id: string }>`UPDATE ${sql.table(table)} SET organisation_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[]) AND organisation_id = ${toId} RETURNING id`.execute(trx);
        const back = new Set(rows.map((r) => r.id));
        const notBack = ids.filter((id) => !back.has(id));
        if (notBack.length) missing[kind] = notBack;
      }
      return missing;
    },
  };

  /** Both rows locked (in id order, so two merges of the same pair cannot deadlock). */
  async function lockRows(trx: QueryExecutorProvider, tenantId: string, ids: string[]) {
    const { rows } = await sql<{ row: RawOrganisation }>`SELECT to_jsonb(o) AS row FROM organisations o WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`.execute(trx);
    return new Map(rows.map((r) => [r.row.id, r.row]));
  }

  /** 404 when the actor may not see it (as for a missing one), 403 when they may see but not change it. */
  async function requireWritable(trx: QueryExecutorProvider, ctx: ActorContext, row: RawOrganisation | undefined, id: string) {
    const record = row ? { id, ownerId: row.owner_id } : undefined;
    if (!record || !(await mayAct(trx, ctx, 'organisation', record, 'read'))) throw directoryErrors.organisationNotFound(id);
    if (!(await mayAct(trx, ctx, 'organisation', record, 'write'))) throw directoryErrors.forbidden(`Your role may not change organisation ${id}`);
    return row as RawOrganisation;
  }

  async function writeColumns(trx: QueryExecutorProvider, tenantId: string, id: string, values: Record<string, unknown>) {
    const columns = Object.keys(values);
    if (!columns.length) return;
    await sql`UPDATE organisations o SET ${sql.join(columns.map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`))}, updated_at = now(), version = o.version + 1
      FROM jsonb_populate_record(NULL::organisations, ${JSON.stringify(values)}::jsonb) r WHERE o.tenant_id = ${tenantId} AND o.id = ${id}`.execute(trx);
  }

  async function readColumns(trx: QueryExecutorProvider, tenantId: string, id: string, columns: string[]): Promise<Record<string, unknown>> {
    const row: Record<string, unknown> = (await lockRows(trx, tenantId, [id])).get(id) ?? {};
    return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
  }

  async function refreshTerms(trx: QueryExecutorProvider, tenantId: string, id: string) {
    const row = await (trx as Kysely<DirectoryTables>).selectFrom('organisations').select(['name', 'legalName', 'phones', 'emails', 'deletedAt']).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    if (row.deletedAt) await clearSearchTerms(trx as Kysely<DirectoryTables>, tenantId, id);
    else await replaceSearchTerms(trx as Kysely<DirectoryTables>, tenantId, 'organisation', id, organisationTermsOf(row));
  }

  async function mergeIn(trx: Kysely<DirectoryTables>, ctx: ActorContext, survivorId: string, duplicateId: string, expectedVersion: number | undefined): Promise<MergeResult> {
    const rows = await lockRows(trx, ctx.tenantId, [survivorId, duplicateId]);
    const survivor = await requireWritable(trx, ctx, rows.get(survivorId), survivorId);
    const duplicate = await requireWritable(trx, ctx, rows.get(duplicateId), duplicateId);
    for (const row of [survivor, duplicate]) if (row.merged_into_id) throw errors.alreadyMerged(row.id, row.merged_into_id);
    for (const row of [survivor, duplicate]) if (row.deleted_at) throw directoryErrors.organisationNotFound(row.id);
    if (expectedVersion !== undefined && expectedVersion !== survivor.version) throw directoryErrors.stale('Organisation', survivorId, expectedVersion, survivor.version);

    const records: Record<string, RelinkState> = { directory: {} };
    // A person at both: the duplicate's membership is stored whole and removed; the survivor's becomes primary if it was.
    const collapsed = await sql<{ row: Record<string, unknown>; survivorMembershipId: string }>`
      DELETE FROM memberships d USING memberships s
      WHERE d.tenant_id = ${ctx.tenantId} AND d.organisation_id = ${duplicateId} AND s.tenant_id = d.tenant_id AND s.organisation_id = ${survivorId} AND s.person_id = d.person_id
      RETURNING to_jsonb(d) AS row, s.id AS survivor_membership_id`.execute(trx);
    const raise = collapsed.rows.filter((r) => r.row.is_primary === true).map((r) => r.survivorMembershipId);
    const raised = raise.length === 0 ? [] : (await sql<{ id: string }>`UPDATE memberships SET is_primary = true WHERE tenant_id = ${ctx.tenantId} AND id = ANY(${raise}::uuid[]) AND NOT is_primary RETURNING id`.execute(trx)).rows.map((r) => r.id);
    records.directory = await directoryRelink.move(trx, ctx.tenantId, duplicateId, survivorId);
    for (const relinker of relinkers) records[relinker.name] = await relinker.move(trx, ctx.tenantId, duplicateId, survivorId);

    const fill = filledFields(survivor, duplicate);
    const columns = Object.keys(fill);
    const survivorBefore = Object.fromEntries(columns.map((c) => [c, survivor[c] ?? null]));
    await writeColumns(trx, ctx.tenantId, survivorId, fill);
    if (!columns.length) await sql`UPDATE organisations SET updated_at = now(), version = version + 1 WHERE tenant_id = ${ctx.tenantId} AND id = ${survivorId}`.execute(trx);
    const survivorAfter = await readColumns(trx, ctx.tenantId, survivorId, columns);
    await sql`UPDATE organisations SET merged_into_id = ${survivorId}, deleted_at = now(), updated_at = now(), updated_by = ${ctx.userId ?? null}, version = version + 1
      WHERE tenant_id = ${ctx.tenantId} AND id = ${duplicateId}`.execute(trx);
    await refreshTerms(trx, ctx.tenantId, survivorId);
    await refreshTerms(trx, ctx.tenantId, duplicateId);

    const prior: OrganisationMergePrior = { records, collapsedMemberships: collapsed.rows.map((r) => r.row), primaryRaised: raised, survivorBefore, survivorAfter };
    const id = newId();
    await trx.insertInto('organisationMerges').values({ tenantId: ctx.tenantId, id, survivorId, duplicateId, priorState: JSON.stringify(prior), mergedBy: ctx.userId ?? null }).execute();
    const moved = movedCounts(prior);
    const fieldsTaken = fieldsTakenOf(prior);
    await appendEvents(trx, ctx, [{
      type: 'directory.organisation.merged', aggregateType: 'organisation', aggregateId: duplicateId,
      payload: { mergeId: id, survivorId, duplicateId, moved, fieldsTaken, prior, summary: `${duplicate.name} merged into ${survivor.name}`, subjects: [{ type: 'organisation', id: survivorId }] },
    }]);
    return { id, survivorId, duplicateId, moved, fieldsTaken };
  }

  async function merge(ctx: ActorContext, survivorId: string, duplicateId: string, expectedVersion?: number): Promise<MergeResult> {
    if (survivorId === duplicateId) throw errors.sameOrganisation();
    return db.transaction().execute((trx) => mergeIn(trx, ctx, survivorId, duplicateId, expectedVersion));
  }

  /** What a merge would move now: the merge itself, run and rolled back (so the preview cannot drift from the real thing). */
  async function preview(ctx: ActorContext, survivorId: string, duplicateId: string): Promise<Omit<MergeResult, 'id'>> {
    if (survivorId === duplicateId) throw errors.sameOrganisation();
    try {
      await db.transaction().execute(async (trx) => {
        throw new PreviewRollback(await mergeIn(trx, ctx, survivorId, duplicateId, undefined));
      });
    } catch (error) {
      if (error instanceof PreviewRollback) {
        const { id: _id, ...result } = error.result;
        return result;
      }
      throw error;
    }
    throw new Error('unreachable: the preview transaction always rolls back');
  }

  async function unmerge(ctx: ActorContext, mergeId: string) {
    return db.transaction().execute(async (trx) => {
      const merge = await trx.selectFrom('organisationMerges').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', mergeId).forUpdate().executeTakeFirst();
      if (!merge) throw errors.mergeNotFound(mergeId);
      const rows = await lockRows(trx, ctx.tenantId, [merge.survivorId, merge.duplicateId]);
      const survivor = await requireWritable(trx, ctx, rows.get(merge.survivorId), merge.survivorId);
      const duplicate = await requireWritable(trx, ctx, rows.get(merge.duplicateId), merge.duplicateId);
      if (merge.undoneAt) throw errors.alreadyUndone(mergeId);
      const prior = merge.priorState as unknown as OrganisationMergePrior;
      if (survivor.merged_into_id) throw errors.cannotUndo(mergeId, { survivor: `merged into ${survivor.merged_into_id} since: un-merge that first` });
      if (duplicate.merged_into_id !== merge.survivorId) throw errors.cannotUndo(mergeId, { duplicate: 'restored or merged elsewhere since' });

      const reasons: Record<string, unknown> = {};
      const changedFields = Object.keys(prior.survivorAfter).filter((c) => JSON.stringify(survivor[c] ?? null) !== JSON.stringify(prior.survivorAfter[c]));
      if (changedFields.length) reasons.fields = changedFields.map((c) => FIELD_NAMES[c] ?? c);
      const missing: Record<string, RelinkState> = {};
      const directoryMissing = await directoryRelink.restore(trx, ctx.tenantId, merge.duplicateId, merge.survivorId, prior.records.directory ?? {});
      if (Object.keys(directoryMissing).length) missing.directory = directoryMissing;
      for (const relinker of relinkers) {
        const notBack = await relinker.restore(trx, ctx.tenantId, merge.duplicateId, merge.survivorId, prior.records[relinker.name] ?? {});
        if (Object.keys(notBack).length) missing[relinker.name] = notBack;
      }
      if (Object.keys(missing).length) reasons.records = missing;
      if (prior.primaryRaised.length) {
        const lowered = await sql<{ id: string }>`UPDATE memberships SET is_primary = false WHERE tenant_id = ${ctx.tenantId} AND id = ANY(${prior.primaryRaised}::uuid[]) AND is_primary RETURNING id`.execute(trx);
        if (lowered.rows.length !== prior.primaryRaised.length) reasons.primaryMemberships = prior.primaryRaised;
      }
      if (prior.collapsedMemberships.length) {
        const clash = await sql<{ id: string }>`SELECT m.id FROM memberships m, jsonb_populate_recordset(NULL::memberships, ${JSON.stringify(prior.collapsedMemberships)}::jsonb) c
          WHERE m.tenant_id = ${ctx.tenantId} AND (m.id = c.id OR (m.person_id = c.person_id AND m.organisation_id = c.organisation_id))`.execute(trx);
        if (clash.rows.length) reasons.collapsedMemberships = clash.rows.map((r) => r.id);
        else await sql`INSERT INTO memberships SELECT * FROM jsonb_populate_recordset(NULL::memberships, ${JSON.stringify(prior.collapsedMemberships)}::jsonb)`.execute(trx);
      }
      // Refusing throws inside the transaction: whatever was already put back above is rolled back with it.
      if (Object.keys(reasons).length) throw errors.cannotUndo(mergeId, reasons);

      await writeColumns(trx, ctx.tenantId, merge.survivorId, prior.survivorBefore);
      await sql`UPDATE organisations SET merged_into_id = NULL, deleted_at = NULL, updated_at = now(), updated_by = ${ctx.userId ?? null}, version = version + 1
        WHERE tenant_id = ${ctx.tenantId} AND id = ${merge.duplicateId}`.execute(trx);
      await refreshTerms(trx, ctx.tenantId, merge.survivorId);
      await refreshTerms(trx, ctx.tenantId, merge.duplicateId);
      await trx.updateTable('organisationMerges').set({ undoneAt: new Date(), undoneBy: ctx.userId ?? null }).where('tenantId', '=', ctx.tenantId).where('id', '=', mergeId).execute();
      const restored = movedCounts(prior);
      await appendEvents(trx, ctx, [{
        type: 'directory.organisation.unmerged', aggregateType: 'organisation', aggregateId: merge.duplicateId,
        payload: { mergeId, survivorId: merge.survivorId, duplicateId: merge.duplicateId, restored, fieldsRestored: fieldsTakenOf(prior), summary: `${duplicate.name} separated again from ${survivor.name}`, subjects: [{ type: 'organisation', id: merge.survivorId }] },
      }]);
      return { id: mergeId, survivorId: merge.survivorId, duplicateId: merge.duplicateId, restored, undone: true as const };
    });
  }

  /** Merges the organisation took part in (as survivor or duplicate), newest first: where un-merge finds its id. */
  async function list(ctx: ActorContext, organisationId: string) {
    const self = await db.selectFrom('organisations').select(['id', 'ownerId', 'mergedIntoId']).where('tenantId', '=', ctx.tenantId).where('id', '=', organisationId).executeTakeFirst();
    if (!self || !(await mayAct(db, ctx, 'organisation', self, 'read'))) throw directoryErrors.organisationNotFound(organisationId);
    const rows = await db.selectFrom('organisationMerges').selectAll()
      .where('tenantId', '=', ctx.tenantId).where((eb) => eb.or([eb('survivorId', '=', organisationId), eb('duplicateId', '=', organisationId)]))
      .orderBy('mergedAt', 'desc').limit(100).execute();
    const ids = [...new Set(rows.flatMap((r) => [r.survivorId, r.duplicateId]))];
    const names = new Map<string, string | null>();
    const others = ids.length ? await db.selectFrom('organisations').select(['id', 'name', 'ownerId']).where('tenantId', '=', ctx.tenantId).where('id', 'in', ids).execute() : [];
    for (const other of others) names.set(other.id, (await mayAct(db, ctx, 'organisation', other, 'read')) ? other.name : null);
    return rows.map((r) => {
      const prior = r.priorState as unknown as OrganisationMergePrior;
      return {
        id: r.id, survivorId: r.survivorId, survivorName: names.get(r.survivorId) ?? null, duplicateId: r.duplicateId, duplicateName: names.get(r.duplicateId) ?? null,
        mergedAt: r.mergedAt.toISOString(), mergedBy: r.mergedBy, undoneAt: r.undoneAt?.toISOString() ?? null, undoneBy: r.undoneBy,
        moved: movedCounts(prior), fieldsTaken: fieldsTakenOf(prior),
      };
    });
  }

  return { merge, preview, unmerge, list };
}

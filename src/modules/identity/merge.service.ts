/**
 * The review queue (uncertain pairs, decided once and remembered) and merge/un-merge by hand. A merge moves every
 * touchpoint, directory relation and every other module's record of one person (interactions, tasks, opportunities,
 * orders… through the injected relinkers) to the other in one transaction and stores the exact ids moved, so
 * un-merge puts back precisely those; both are outbox events (the audit trail) listing what moved.
 */
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import type { DirectoryService, PersonReads, RelinkState } from '../directory/index.ts';
import type { Matching } from './touchpoint.matching.ts';
import type { IdentityTables } from './touchpoint.tables.ts';
import { identityFieldRules, maskExplanation } from './field-rules.ts';
import { MOVED_IDS_LISTED } from './touchpoint.schema.ts';

/**
 * Another module's records of a person, moved by a merge and put back by un-merge (each module's person-relink.ts,
 * wired in app/server.ts). `move` returns the ids it changed (JSON, stored with the merge); `restore` gets them back.
 */
export type PersonRelinker = {
  name: string;
  move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<Record<string, unknown[]>>;
  restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: Record<string, unknown[]>): Promise<number>;
};

type MergeDeps = { db: Kysely<IdentityTables>; directory: DirectoryService; people: PersonReads; matching: Matching; relinkers: PersonRelinker[] };
/** `records`: per relinker, what it moved (absent in merges made before relinkers existed). */
type PriorState = { touchpoints: string[]; relations: RelinkState; reviewPairs: string[]; records?: Record<string, Record<string, unknown[]>> };

/** Moved rows per kind across relinkers, e.g. { orders: 3, interactions: 2 } (kinds with nothing moved left out). */
function countsOf(records: Record<string, Record<string, unknown[]>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const state of Object.values(records)) for (const [kind, ids] of Object.entries(state)) if (ids.length) counts[kind] = (counts[kind] ?? 0) + ids.length;
  return counts;
}

type MovedKind = { count: number; ids: string[] | null };
type MergeMoved = { touchpoints: MovedKind; relations: Record<string, MovedKind>; records: Record<string, MovedKind>; reviewPairs: number };
const RELATION_KINDS = ['memberships', 'familyMembers', 'relatedFamily', 'keyDates', 'consents'] as const;

/** Ids stored by a relinker are strings, or objects with an id (interaction participants removed, with their position). */
function movedKind(stored: readonly unknown[]): MovedKind {
  const ids = stored.map((entry) => (typeof entry === 'object' && entry !== null && 'id' in entry ? String(entry.id) : String(entry)));
  return { count: ids.length, ids: ids.length <= MOVED_IDS_LISTED ? ids : null };
}

/** The merge's own record of what it moved, per kind (kinds with nothing moved left out), for the API. */
function movedOf(prior: PriorState): MergeMoved {
  const relations: Record<string, MovedKind> = {};
  for (const kind of RELATION_KINDS) if (prior.relations?.[kind]?.length) relations[kind] = movedKind(prior.relations[kind]);
  const stored: Record<string, unknown[]> = {};
  for (const state of Object.values(prior.records ?? {})) for (const [kind, ids] of Object.entries(state)) if (ids.length) stored[kind] = [...(stored[kind] ?? []), ...ids];
  const records = Object.fromEntries(Object.entries(stored).map(([kind, ids]) => [kind, movedKind(ids)]));
  return { touchpoints: movedKind(prior.touchpoints), relations, records, reviewPairs: prior.reviewPairs?.length ?? 0 };
}

const notFound = (what: string, id: string) => new AppError('not_found', 'IDENTITY.NOT_FOUND', `No ${what} ${id}`);

export function createMergeService(deps: MergeDeps) {
  const { db } = deps;

  /** Visible and changeable by the actor (404 when not visible, as for a missing person; 403 when read-only). */
  async function writablePerson(ctx: ActorContext, id: string) {
    const person = await deps.directory.people.get(ctx, id);
    if (!(await mayAct(db, ctx, 'person', { id, ownerId: person.ownerId }, 'write'))) throw new AppError('forbidden', 'IDENTITY.FORBIDDEN', `Your role may not change person ${id}`);
    return person;
  }

  /**
   * Pairs of the queue whose two people the actor may both see, best first. Visibility is a condition the directory
   * hands over (no SQL on its tables here), so the database filters and limits: one query for the pairs, one for
   * their names, however few of a long queue the actor may see.
   */
  async function listReview(ctx: ActorContext, query: { status: 'open' | 'same' | 'different'; limit: number }) {
    type Row = { id: string; leftId: string; rightId: string; probability: number; explanation: Record<string, unknown>; status: string; decidedAt: Date | null; decidedBy: string | null };
    // Decided pairs may name people merged away since (deleted in the directory): they stay listed.
    const visible = (column: string) => deps.people.visiblePersonFilter(ctx, column, { includeDeleted: true });
    const { rows } = await sql<Row>`
      SELECT r.id, r.left_id, r.right_id, r.probability, r.explanation, r.status, r.decided_at, r.decided_by
      FROM identity_review_pairs r
      WHERE r.tenant_id = ${ctx.tenantId} AND r.status = ${query.status} AND ${visible('r.left_id')} AND ${visible('r.right_id')}
      ORDER BY r.probability DESC, r.id DESC LIMIT ${query.limit}`.execute(db);
    const names = await deps.people.visibleNames(ctx, [...new Set(rows.flatMap((r) => [r.leftId, r.rightId]))], { includeDeleted: true });
    // A person hidden between the two queries (shares revoked) is left out rather than shown without a name.
    const found = rows.flatMap((row) => {
      const leftName = names.get(row.leftId);
      const rightName = names.get(row.rightId);
      return leftName !== undefined && rightName !== undefined ? [{ ...row, leftName, rightName }] : [];
    });
    const rules = identityFieldRules(ctx.scope);
    return found.map(({ explanation, decidedAt, ...rest }) => {
      const { left: _l, right: _r, ...shown } = explanation;
      return { ...rest, explanation: maskExplanation(shown, rules), decidedAt: decidedAt ? new Date(decidedAt).toISOString() : null };
    });
  }

  async function merge(ctx: ActorContext, survivorId: string, mergedId: string, reviewPairId?: string) {
    if (survivorId === mergedId) throw new AppError('invalid', 'IDENTITY.SAME_PERSON', 'survivorId and mergedId are the same person', { field: 'mergedId' });
    await writablePerson(ctx, survivorId);
    await writablePerson(ctx, mergedId);
    const result = await db.transaction().execute(async (trx) => {
      const moved = await trx.updateTable('identityTouchpoints').set({ personId: survivorId }).where('tenantId', '=', ctx.tenantId).where('personId', '=', mergedId).returning('id').execute();
      const relations = await deps.directory.relink.move(trx, ctx.tenantId, mergedId, survivorId);
      const records: Record<string, Record<string, unknown[]>> = {};
      for (const relinker of deps.relinkers) records[relinker.name] = await relinker.move(trx, ctx.tenantId, mergedId, survivorId);
      // Open pairs involving the merged person are settled by the merge; they are closed, and reopened on un-merge.
      // The pair of these two people is a real decision (a training label); the others are merely settled.
      const [low, high] = survivorId < mergedId ? [survivorId, mergedId] : [mergedId, survivorId];
      const closed = await trx.updateTable('identityReviewPairs')
        .set({ status: 'same', decidedBy: ctx.userId ?? null, decidedAt: new Date(), decidedHow: sql<'merge' | 'settled'>`CASE WHEN left_id = ${low}::uuid AND right_id = ${high}::uuid THEN 'merge' ELSE 'settled' END` })
        .where('tenantId', '=', ctx.tenantId).where('status', '=', 'open').where((eb) => eb.or([eb('leftId', '=', mergedId), eb('rightId', '=', mergedId)])).returning('id').execute();
      const prior: PriorState = { touchpoints: moved.map((r) => r.id), relations, reviewPairs: closed.filter((r) => r.id !== reviewPairId).map((r) => r.id), records };
      const id = newId();
      await trx.insertInto('identityMerges').values({ tenantId: ctx.tenantId, id, survivorId, mergedId, priorState: JSON.stringify(prior), mergedBy: ctx.userId ?? null }).execute();
      const recordsMoved = countsOf(records);
      await appendEvents(trx, ctx, [{ type: 'identity.person.merged', aggregateType: 'person', aggregateId: mergedId, payload: { mergeId: id, survivorId, mergedId, recordsMoved, prior, subjects: [{ type: 'person', id: survivorId }] } }]);
      return { id, survivorId, mergedId, touchpointsMoved: moved.length, relationsMoved: relations.memberships.length + relations.familyMembers.length + relations.relatedFamily.length + relations.keyDates.length + relations.consents.length, recordsMoved };
    });
    return result;
  }

  async function unmerge(ctx: ActorContext, mergeId: string) {
    const row = await db.selectFrom('identityMerges').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', mergeId).executeTakeFirst();
    if (!row) throw notFound('merge', mergeId);
    await writablePerson(ctx, row.survivorId);
    if (row.undoneAt) throw new AppError('conflict', 'IDENTITY.ALREADY_UNDONE', `Merge ${mergeId} was already undone`);
    const prior = row.priorState as unknown as PriorState;
    await db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('identityMerges').set({ undoneAt: new Date(), undoneBy: ctx.userId ?? null }).where('tenantId', '=', ctx.tenantId).where('id', '=', mergeId).where('undoneAt', 'is', null).returning('id').executeTakeFirst();
      if (!claimed) throw new AppError('conflict', 'IDENTITY.ALREADY_UNDONE', `Merge ${mergeId} was already undone`);
      if (prior.touchpoints.length) await trx.updateTable('identityTouchpoints').set({ personId: row.mergedId }).where('tenantId', '=', ctx.tenantId).where('id', 'in', prior.touchpoints).execute();
      await deps.directory.relink.restore(trx, ctx.tenantId, row.mergedId, prior.relations);
      // Only rows still on the survivor go back: a record deliberately re-assigned since the merge stays where it is.
      let recordsRestored = 0;
      for (const relinker of deps.relinkers) {
        const state = prior.records?.[relinker.name];
        if (state) recordsRestored += await relinker.restore(trx, ctx.tenantId, row.mergedId, row.survivorId, state);
      }
      if (prior.reviewPairs.length) await trx.updateTable('identityReviewPairs').set({ status: 'open', decidedBy: null, decidedAt: null, decidedHow: null }).where('tenantId', '=', ctx.tenantId).where('id', 'in', prior.reviewPairs).execute();
      await appendEvents(trx, ctx, [{ type: 'identity.person.unmerged', aggregateType: 'person', aggregateId: row.mergedId, payload: { mergeId, survivorId: row.survivorId, mergedId: row.mergedId, recordsRestored, subjects: [{ type: 'person', id: row.survivorId }] } }]);
    });
    // The survivor's index entries still carry the merged person's records: rebuild the tenant's index lazily.
    deps.matching.forget(ctx.tenantId);
    return { id: mergeId, survivorId: row.survivorId, mergedId: row.mergedId, undone: true };
  }

  async function decide(ctx: ActorContext, pairId: string, decision: 'same' | 'different', options: { merge: boolean }) {
    const pair = await db.selectFrom('identityReviewPairs').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', pairId).executeTakeFirst();
    if (!pair) throw notFound('review pair', pairId);
    await writablePerson(ctx, pair.leftId);
    await writablePerson(ctx, pair.rightId);
    if (pair.status !== 'open') throw new AppError('conflict', 'IDENTITY.ALREADY_DECIDED', `Pair ${pairId} was already decided: ${pair.status}`, { status: pair.status });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('identityReviewPairs').set({ status: decision, decidedBy: ctx.userId ?? null, decidedAt: new Date(), decidedHow: 'review' }).where('tenantId', '=', ctx.tenantId).where('id', '=', pairId).execute();
      await appendEvents(trx, ctx, [{ type: 'identity.review.decided', aggregateType: 'identity_review_pair', aggregateId: pairId, payload: { decision, leftId: pair.leftId, rightId: pair.rightId, probability: pair.probability } }]);
    });
    // The older record (smaller UUIDv7) survives.
    const merged = decision === 'same' && options.merge ? await merge(ctx, pair.leftId, pair.rightId, pairId) : null;
    return { id: pairId, status: decision, merge: merged };
  }

  /** A person's merges (as survivor or as the merged one), newest first: where un-merge finds its id. */
  async function listMerges(ctx: ActorContext, personId: string) {
    await deps.directory.people.get(ctx, personId).catch(async (error: unknown) => {
      // A merged person is deleted in the directory; it is still found through its own merge record.
      const merged = await db.selectFrom('identityMerges').select('survivorId').where('tenantId', '=', ctx.tenantId).where('mergedId', '=', personId).executeTakeFirst();
      if (!merged) throw error;
      await deps.directory.people.get(ctx, merged.survivorId);
    });
    const rows = await db
      .selectFrom('identityMerges')
      .select(['id', 'survivorId', 'mergedId', 'mergedAt', 'mergedBy', 'undoneAt', 'undoneBy', 'priorState'])
      .where('tenantId', '=', ctx.tenantId)
      .where((eb) => eb.or([eb('survivorId', '=', personId), eb('mergedId', '=', personId)]))
      .orderBy('mergedAt', 'desc')
      .limit(100)
      .execute();
    const names = await deps.people.visibleNames(ctx, [...new Set(rows.flatMap((r) => [r.survivorId, r.mergedId]))], { includeDeleted: true });
    return Promise.all(rows.map(async ({ priorState, ...r }) => {
      const prior = priorState as unknown as Partial<PriorState> | null;
      const moved = prior?.touchpoints ? movedOf(prior as PriorState) : null;
      return {
        ...r, mergedAt: r.mergedAt.toISOString(), undoneAt: r.undoneAt?.toISOString() ?? null,
        survivorName: names.get(r.survivorId) ?? null, mergedName: names.get(r.mergedId) ?? null,
        moved, restores: moved && !r.undoneAt ? await restoresOf(ctx, r.survivorId, prior as PriorState, moved) : null,
      };
    }));
  }

  /** What un-merge would put back now: touchpoints still on the survivor (exact), relations, others' records at most. */
  async function restoresOf(ctx: ActorContext, survivorId: string, prior: PriorState, moved: MergeMoved) {
    const stillHere = prior.touchpoints.length === 0 ? [] : await db.selectFrom('identityTouchpoints').select('id')
      .where('tenantId', '=', ctx.tenantId).where('personId', '=', survivorId).where('id', 'in', prior.touchpoints).execute();
    const total = (kinds: Record<string, { count: number }>) => Object.values(kinds).reduce((sum, kind) => sum + kind.count, 0);
    return { touchpoints: stillHere.length, relations: total(moved.relations), recordsAtMost: total(moved.records), reviewPairs: prior.reviewPairs.length };
  }

  return { listReview, decide, merge, unmerge, listMerges };
}

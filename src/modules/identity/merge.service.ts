/**
 * The review queue (uncertain pairs, decided once and remembered) and merge/un-merge by hand. A merge moves every
 * touchpoint and directory relation of one person to the other in one transaction and stores the exact ids moved,
 * so un-merge puts back precisely those; both are outbox events (the audit trail).
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import type { DirectoryService, RelinkState } from '../directory/index.ts';
import type { Matching } from './touchpoint.matching.ts';
import type { IdentityTables } from './touchpoint.tables.ts';

type MergeDeps = { db: Kysely<IdentityTables>; directory: DirectoryService; matching: Matching };
type PriorState = { touchpoints: string[]; relations: RelinkState; reviewPairs: string[] };

const notFound = (what: string, id: string) => new AppError('not_found', 'IDENTITY.NOT_FOUND', `No ${what} ${id}`);

export function createMergeService(deps: MergeDeps) {
  const { db } = deps;

  /** Visible and changeable by the actor (404 when not visible, as for a missing person; 403 when read-only). */
  async function writablePerson(ctx: ActorContext, id: string) {
    const person = await deps.directory.people.get(ctx, id);
    if (!(await mayAct(db, ctx, 'person', { id, ownerId: person.ownerId }, 'write'))) throw new AppError('forbidden', 'IDENTITY.FORBIDDEN', `Your role may not change person ${id}`);
    return person;
  }

  async function listReview(ctx: ActorContext, query: { status: 'open' | 'same' | 'different'; limit: number }) {
    const { rows } = await sql<{ id: string; leftId: string; rightId: string; leftName: string; rightName: string; probability: number; explanation: Record<string, unknown>; status: string; decidedAt: Date | null; decidedBy: string | null }>`
      SELECT r.id, r.left_id, r.right_id, l.name AS left_name, g.name AS right_name, r.probability, r.explanation, r.status, r.decided_at, r.decided_by
      FROM identity_review_pairs r
      JOIN people l ON l.tenant_id = r.tenant_id AND l.id = r.left_id
      JOIN people g ON g.tenant_id = r.tenant_id AND g.id = r.right_id
      WHERE r.tenant_id = ${ctx.tenantId} AND r.status = ${query.status}
        AND ${visibleRows(ctx, 'person', { id: 'l.id', owner: 'l.owner_id' })} AND ${visibleRows(ctx, 'person', { id: 'g.id', owner: 'g.owner_id' })}
      ORDER BY r.probability DESC, r.id LIMIT ${query.limit}`.execute(db);
    return rows.map(({ explanation, decidedAt, ...rest }) => {
      const { left: _l, right: _r, ...shown } = explanation;
      return { ...rest, explanation: shown, decidedAt: decidedAt ? new Date(decidedAt).toISOString() : null };
    });
  }

  async function merge(ctx: ActorContext, survivorId: string, mergedId: string, reviewPairId?: string) {
    if (survivorId === mergedId) throw new AppError('invalid', 'IDENTITY.SAME_PERSON', 'survivorId and mergedId are the same person', { field: 'mergedId' });
    await writablePerson(ctx, survivorId);
    await writablePerson(ctx, mergedId);
    const result = await db.transaction().execute(async (trx) => {
      const moved = await trx.updateTable('identityTouchpoints').set({ personId: survivorId }).where('tenantId', '=', ctx.tenantId).where('personId', '=', mergedId).returning('id').execute();
      const relations = await deps.directory.relink.move(trx, ctx.tenantId, mergedId, survivorId);
      // Open pairs involving the merged person are settled by the merge; they are closed, and reopened on un-merge.
      const closed = await trx.updateTable('identityReviewPairs').set({ status: 'same', decidedBy: ctx.userId ?? null, decidedAt: new Date() })
        .where('tenantId', '=', ctx.tenantId).where('status', '=', 'open').where((eb) => eb.or([eb('leftId', '=', mergedId), eb('rightId', '=', mergedId)])).returning('id').execute();
      const prior: PriorState = { touchpoints: moved.map((r) => r.id), relations, reviewPairs: closed.filter((r) => r.id !== reviewPairId).map((r) => r.id) };
      const id = newId();
      await trx.insertInto('identityMerges').values({ tenantId: ctx.tenantId, id, survivorId, mergedId, priorState: JSON.stringify(prior), mergedBy: ctx.userId ?? null }).execute();
      await appendEvents(trx, ctx, [{ type: 'identity.person.merged', aggregateType: 'person', aggregateId: mergedId, payload: { mergeId: id, survivorId, mergedId, prior } }]);
      return { id, survivorId, mergedId, touchpointsMoved: moved.length, relationsMoved: relations.memberships.length + relations.familyMembers.length + relations.relatedFamily.length + relations.keyDates.length + relations.consents.length };
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
      if (prior.reviewPairs.length) await trx.updateTable('identityReviewPairs').set({ status: 'open', decidedBy: null, decidedAt: null }).where('tenantId', '=', ctx.tenantId).where('id', 'in', prior.reviewPairs).execute();
      await appendEvents(trx, ctx, [{ type: 'identity.person.unmerged', aggregateType: 'person', aggregateId: row.mergedId, payload: { mergeId, survivorId: row.survivorId, mergedId: row.mergedId } }]);
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
      await trx.updateTable('identityReviewPairs').set({ status: decision, decidedBy: ctx.userId ?? null, decidedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('id', '=', pairId).execute();
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
      .select(['id', 'survivorId', 'mergedId', 'mergedAt', 'mergedBy', 'undoneAt', 'undoneBy'])
      .where('tenantId', '=', ctx.tenantId)
      .where((eb) => eb.or([eb('survivorId', '=', personId), eb('mergedId', '=', personId)]))
      .orderBy('mergedAt', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({ ...r, mergedAt: r.mergedAt.toISOString(), undoneAt: r.undoneAt?.toISOString() ?? null }));
  }

  return { listReview, decide, merge, unmerge, listMerges };
}

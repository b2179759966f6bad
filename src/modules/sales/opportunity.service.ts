/** Opportunities and projects: create, read, change, move through stages behind the gate, history, list. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import type { Opportunity, OpportunityCreate, OpportunityListQuery, OpportunityPatch, StageMove } from './opportunity.schema.ts';
import type { Pipeline, Stage } from './pipeline.schema.ts';
import type { createPipelineService } from './pipeline.service.ts';
import { salesChecks, subjects, type SalesDb, type SalesDeps } from './sales.deps.ts';
import { salesErrors } from './sales.errors.ts';
import type { OpportunitiesTable } from './sales.tables.ts';
import { missingForStage } from './stage-gate.ts';

type Row = Selectable<OpportunitiesTable>;

/** Row visibility (access module): the role's owner set or a share; a hidden opportunity answers as a missing one. */
export const visible = (ctx: ActorContext) => visibleRows(ctx, 'opportunity', { id: 'opportunities.id', owner: 'opportunities.owner_id' });

export const toOpportunity = (row: Row): Opportunity => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  pipelineId: row.pipelineId,
  stage: row.stageKey,
  stageOwnerId: row.stageOwnerId,
  stageEnteredAt: iso(row.stageEnteredAt),
  status: row.status as Opportunity['status'],
  probability: row.probability,
  amount: row.amount,
  currency: row.currency,
  expectedCloseOn: row.expectedCloseOn,
  organisationId: row.organisationId,
  personId: row.personId,
  ownerId: row.ownerId,
  leadId: row.leadId,
  description: row.description,
  quoteId: row.quoteId,
  contractId: row.contractId,
  winReason: row.winReason,
  lossReason: row.lossReason,
  custom: row.custom,
  closedAt: isoOrNull(row.closedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
});

/** Patch fields → columns (custom values merge; a null custom value removes the key). */
function columnsOf(patch: OpportunityPatch, currentCustom: Record<string, unknown>) {
  const { custom, ...given } = patch;
  // Keys present but undefined (possible from code, not from JSON) must not hide the current values.
  const rest = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Omit<OpportunityPatch, 'custom'>;
  const merged = { ...currentCustom };
  for (const [key, value] of Object.entries(custom ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return { ...rest, custom: merged };
}

const stageOf = (pipeline: Pipeline, key: string): Stage => {
  const stage = pipeline.stages.find((s) => s.key === key);
  if (!stage) throw salesErrors.unknownStage(key, pipeline.key, pipeline.stages.map((s) => s.key));
  return stage;
};

export function createOpportunityService(deps: SalesDeps, db: SalesDb, pipelines: ReturnType<typeof createPipelineService>) {
  const check = salesChecks(deps);
  const now = deps.clock ?? (() => new Date());

  async function checkReferences(ctx: ActorContext, input: OpportunityPatch) {
    await check.organisation(ctx, input.organisationId, 'organisationId');
    await check.person(ctx, input.personId, 'personId');
    await check.user(ctx, input.ownerId, 'ownerId');
    await check.user(ctx, input.stageOwnerId, 'stageOwnerId');
  }

  /** Checks everything outside a transaction and returns the write, so a caller can run it inside its own. */
  /** `newParties`: the person and organisation are being created in the caller's transaction (not checkable yet). */
  async function prepare(ctx: ActorContext, input: OpportunityCreate & { leadId?: string }, options: { newParties?: boolean } = {}): Promise<(trx: SalesDb) => Promise<Opportunity>> {
    const pipeline = await pipelines.get(ctx, input.pipeline ?? 'sales');
    const stage = stageOf(pipeline, input.stage ?? pipeline.stages.find((s) => s.outcome === 'open')?.key ?? '');
    await checkReferences(ctx, options.newParties ? { ownerId: input.ownerId, stageOwnerId: input.stageOwnerId } : input);
    const { pipeline: _p, stage: _s, leadId, ...patch } = input;
    const values = columnsOf(patch, {});
    const ownerId = input.ownerId !== undefined ? input.ownerId : (ctx.userId ?? null);
    const missing = missingForStage(stage, { ...values, ownerId });
    if (missing.length) throw salesErrors.stageGate(stage.key, missing);
    const work = async (trx: SalesDb) => {
      const at = now();
      const id = newId();
      const row = await trx
        .insertInto('opportunities')
        .values({
          ...values,
          name: input.name,
          tenantId: ctx.tenantId,
          id,
          kind: pipeline.kind,
          pipelineId: pipeline.id,
          stageKey: stage.key,
          stageOwnerId: input.stageOwnerId ?? ownerId,
          stageEnteredAt: at,
          status: stage.outcome,
          probability: String(stage.probability),
          currency: input.currency ?? 'CNY',
          ownerId,
          leadId: leadId ?? null,
          custom: JSON.stringify(values.custom),
          closedAt: stage.outcome === 'open' ? null : at,
          createdBy: ctx.userId ?? null,
          updatedBy: ctx.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('opportunityStageHistory').values({ tenantId: ctx.tenantId, id: newId(), opportunityId: id, stageKey: stage.key, ownerId: row.stageOwnerId, enteredAt: at, leftAt: null, movedBy: ctx.userId ?? null }).execute();
      const opportunity = toOpportunity(row);
      const what = pipeline.kind === 'project' ? 'Project' : 'Opportunity';
      await appendEvents(trx, ctx, [{ type: 'sales.opportunity.created', aggregateType: 'opportunity', aggregateId: id, payload: { subjects: subjects(row), summary: `${what} opened: ${row.name} (${stage.name}${row.amount ? `, ${row.amount} ${row.currency}` : ''})`, opportunity } }]);
      return opportunity;
    };
    return work;
  }

  async function create(ctx: ActorContext, input: OpportunityCreate): Promise<Opportunity> {
    const write = await prepare(ctx, input);
    return db.transaction().execute(write);
  }

  async function getRow(ctx: ActorContext, id: string): Promise<Row> {
    const row = await db.selectFrom('opportunities').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw salesErrors.opportunityNotFound(id);
    return row;
  }

  async function locked(trx: SalesDb, ctx: ActorContext, id: string, expectedVersion: number | undefined, deleted = false) {
    const current = await trx.selectFrom('opportunities').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current || Boolean(current.deletedAt) !== deleted) throw salesErrors.opportunityNotFound(id);
    if (!(await mayAct(trx, ctx, 'opportunity', current, deleted ? 'delete' : 'write'))) throw salesErrors.forbidden('opportunity', id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw salesErrors.stale('Opportunity', id, expectedVersion, current.version);
    return current;
  }

  async function update(ctx: ActorContext, id: string, patch: OpportunityPatch, expectedVersion?: number): Promise<Opportunity> {
    await checkReferences(ctx, patch);
    const pipeline = await pipelines.get(ctx, (await getRow(ctx, id)).pipelineId);
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion);
      const values = columnsOf(patch, current.custom);
      // A change may not take away what the current stage required.
      const missing = missingForStage(stageOf(pipeline, current.stageKey), { ...current, ...values });
      if (missing.length) throw salesErrors.stageGate(current.stageKey, missing);
      const row = await trx
        .updateTable('opportunities')
        .set({ ...values, custom: JSON.stringify(values.custom), updatedAt: now(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const changed = Object.keys(patch);
      await appendEvents(trx, ctx, [{ type: 'sales.opportunity.updated', aggregateType: 'opportunity', aggregateId: id, payload: { subjects: subjects(row), summary: `${row.name}: changed ${changed.join(', ')}`, changed, version: row.version } }]);
      return toOpportunity(row);
    });
  }

  async function move(ctx: ActorContext, id: string, input: StageMove, expectedVersion?: number): Promise<Opportunity> {
    if (input.set) await checkReferences(ctx, input.set);
    await check.user(ctx, input.stageOwnerId, 'stageOwnerId');
    const pipeline = await pipelines.get(ctx, (await getRow(ctx, id)).pipelineId);
    const target = stageOf(pipeline, input.stage);
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion);
      if (current.stageKey === target.key) throw salesErrors.invalid('stage', `the opportunity is already in stage "${target.key}"`);
      const values = columnsOf(input.set ?? {}, current.custom);
      const missing = missingForStage(target, { ...current, ...values });
      if (missing.length) throw salesErrors.stageGate(target.key, missing);
      const at = now();
      const stageOwnerId = input.stageOwnerId !== undefined ? input.stageOwnerId : (values.ownerId !== undefined ? values.ownerId : current.ownerId);
      const row = await trx
        .updateTable('opportunities')
        .set({ ...values, custom: JSON.stringify(values.custom), stageKey: target.key, stageOwnerId, stageEnteredAt: at, status: target.outcome, probability: String(target.probability), closedAt: target.outcome === 'open' ? null : at, updatedAt: at, updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable('opportunityStageHistory').set({ leftAt: at }).where('tenantId', '=', ctx.tenantId).where('opportunityId', '=', id).where('leftAt', 'is', null).execute();
      await trx.insertInto('opportunityStageHistory').values({ tenantId: ctx.tenantId, id: newId(), opportunityId: id, stageKey: target.key, ownerId: stageOwnerId, enteredAt: at, leftAt: null, movedBy: ctx.userId ?? null }).execute();
      const from = pipeline.stages.find((s) => s.key === current.stageKey)?.name ?? current.stageKey;
      const type = target.outcome === 'open' ? 'sales.opportunity.stage_changed' : `sales.opportunity.${target.outcome}`;
      const reason = target.outcome === 'won' ? row.winReason : target.outcome === 'lost' ? row.lossReason : null;
      await appendEvents(trx, ctx, [
        { type, aggregateType: 'opportunity', aggregateId: id, payload: { subjects: subjects(row), summary: `${row.name}: ${from} → ${target.name}${reason ? ` (${reason})` : ''}`, from: current.stageKey, to: target.key, stageOwnerId, secondsInPreviousStage: Math.round((at.getTime() - current.stageEnteredAt.getTime()) / 1000), version: row.version } },
      ]);
      return toOpportunity(row);
    });
  }

  async function history(ctx: ActorContext, id: string) {
    await getRow(ctx, id);
    const rows = await db.selectFrom('opportunityStageHistory').selectAll().where('tenantId', '=', ctx.tenantId).where('opportunityId', '=', id).orderBy('enteredAt').orderBy('id').execute();
    const at = now().getTime();
    return rows.map((row) => ({ stage: row.stageKey, ownerId: row.ownerId, enteredAt: iso(row.enteredAt), leftAt: isoOrNull(row.leftAt), secondsInStage: Math.max(0, Math.round(((row.leftAt?.getTime() ?? at) - row.enteredAt.getTime()) / 1000)), movedBy: row.movedBy }));
  }

  async function list(ctx: ActorContext, query: OpportunityListQuery): Promise<{ items: Opportunity[]; nextCursor: string | null }> {
    let select = db.selectFrom('opportunities').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('deletedAt', 'is', null);
    if (query.pipeline) select = select.where('pipelineId', '=', (await pipelines.get(ctx, query.pipeline)).id);
    if (query.stage) select = select.where('stageKey', '=', query.stage);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.ownerId) select = select.where('ownerId', '=', query.ownerId);
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('personId', '=', query.personId);
    if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toOpportunity);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Opportunity> {
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, !deleted);
      const row = await trx.updateTable('opportunities').set({ deletedAt: deleted ? now() : null, updatedAt: now(), version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: `sales.opportunity.${deleted ? 'deleted' : 'restored'}`, aggregateType: 'opportunity', aggregateId: id, payload: { subjects: subjects(row), summary: `${row.name} ${deleted ? 'deleted' : 'restored'}` } }]);
      return toOpportunity(row);
    });
  }

  return {
    create,
    prepare,
    get: async (ctx: ActorContext, id: string) => toOpportunity(await getRow(ctx, id)),
    update,
    move,
    history,
    list,
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

/** Pipelines: the shipped defaults (created per tenant on first use), list, read, create, change stages. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { DEFAULT_PIPELINES } from './pipeline.defaults.ts';
import type { Pipeline, PipelineCreate, PipelinePatch } from './pipeline.schema.ts';
import type { SalesDb } from './sales.deps.ts';
import { salesErrors } from './sales.errors.ts';
import type { PipelinesTable } from './sales.tables.ts';

const toPipeline = (row: Selectable<PipelinesTable>): Pipeline => ({ id: row.id, key: row.key, name: row.name, kind: row.kind, stages: row.stages, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version });

export function createPipelineService(db: SalesDb) {
  const seeded = new Set<string>();

  /** Idempotent and race-safe (unique key + do nothing), so any number of servers may call it. */
  async function ensureDefaults(ctx: ActorContext): Promise<void> {
    if (seeded.has(ctx.tenantId)) return;
    for (const pipeline of DEFAULT_PIPELINES) {
      await db
        .insertInto('pipelines')
        .values({ tenantId: ctx.tenantId, id: newId(), key: pipeline.key, name: pipeline.name, kind: pipeline.kind, stages: JSON.stringify(pipeline.stages), createdBy: null, updatedBy: null })
        .onConflict((oc) => oc.columns(['tenantId', 'key']).doNothing())
        .execute();
    }
    seeded.add(ctx.tenantId);
  }

  async function list(ctx: ActorContext): Promise<Pipeline[]> {
    await ensureDefaults(ctx);
    const rows = await db.selectFrom('pipelines').selectAll().where('tenantId', '=', ctx.tenantId).where('deletedAt', 'is', null).orderBy('createdAt').orderBy('id').execute();
    return rows.map(toPipeline);
  }

  /** By id or by key ('sales', 'project'). */
  async function get(ctx: ActorContext, idOrKey: string): Promise<Pipeline> {
    await ensureDefaults(ctx);
    const row = await db
      .selectFrom('pipelines')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where(isUuid(idOrKey) ? 'id' : 'key', '=', idOrKey)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (!row) throw salesErrors.pipelineNotFound(idOrKey);
    return toPipeline(row);
  }

  async function create(ctx: ActorContext, input: PipelineCreate): Promise<Pipeline> {
    await ensureDefaults(ctx);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('pipelines')
        .values({ tenantId: ctx.tenantId, id: newId(), key: input.key, name: input.name, kind: input.kind, stages: JSON.stringify(input.stages), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw salesErrors.pipelineKeyTaken(input.key);
      await appendEvents(trx, ctx, [{ type: 'sales.pipeline.created', aggregateType: 'pipeline', aggregateId: row.id, payload: { key: row.key } }]);
      return toPipeline(row);
    });
  }

  async function update(ctx: ActorContext, id: string, patch: PipelinePatch, expectedVersion?: number): Promise<Pipeline> {
    const pipeline = await get(ctx, id);
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('pipelines').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', pipeline.id).forUpdate().executeTakeFirstOrThrow();
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw salesErrors.stale('Pipeline', id, expectedVersion, current.version);
      if (patch.stages) {
        const keep = new Set(patch.stages.map((s) => s.key));
        const used = await trx.selectFrom('opportunities').select('stageKey').distinct().where('tenantId', '=', ctx.tenantId).where('pipelineId', '=', pipeline.id).where('deletedAt', 'is', null).execute();
        const orphaned = used.map((u) => u.stageKey).filter((key) => !keep.has(key));
        if (orphaned.length) throw salesErrors.pipelineInUse(orphaned);
      }
      const row = await trx
        .updateTable('pipelines')
        .set({ ...(patch.name ? { name: patch.name } : {}), ...(patch.stages ? { stages: JSON.stringify(patch.stages) } : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', pipeline.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'sales.pipeline.updated', aggregateType: 'pipeline', aggregateId: row.id, payload: { changed: Object.keys(patch), version: row.version } }]);
      return toPipeline(row);
    });
  }

  return { ensureDefaults, list, get, create, update };
}

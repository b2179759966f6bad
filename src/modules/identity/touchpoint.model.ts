/**
 * The tenant's matching model: the shipped defaults until reviewers' decisions teach it (`retrain`), then the
 * newest learnt model (kept with the counts it learnt from; earlier ones stay for the record). Retraining always
 * starts from the shipped defaults and all decisions so far, so it is repeatable and never compounds.
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { chinesePersonDefaultParams } from './matcher/chinese-person.params.ts';
import { learnFromLabels, type LabelledPair, type LabelOptions } from './matcher/labelled.ts';
import type { ModelParams, PairExplanation } from './matcher/model.types.ts';
import type { IdentityTables } from './touchpoint.tables.ts';

export function createModelStore(db: Kysely<IdentityTables>, onChange: (tenantId: string) => void) {
  async function latest(tenantId: string) {
    return db.selectFrom('identityModels').selectAll().where('tenantId', '=', tenantId).orderBy('trainedAt', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** The parameters matching uses for the tenant. */
  async function paramsOf(tenantId: string): Promise<ModelParams> {
    return (await latest(tenantId))?.params ?? chinesePersonDefaultParams;
  }

  /** Reviewers' decisions (and hand merges of a queued pair) as labelled comparison vectors. */
  async function labels(tenantId: string): Promise<LabelledPair[]> {
    const { rows } = await sql<{ status: 'same' | 'different'; explanation: PairExplanation }>`
      SELECT status, explanation FROM identity_review_pairs
      WHERE tenant_id = ${tenantId} AND status <> 'open' AND decided_how IN ('review', 'merge')`.execute(db);
    return rows.map((r) => ({ same: r.status === 'same', levels: Object.fromEntries(r.explanation.fields.map((f) => [f.comparison, f.level])) }));
  }

  async function retrain(ctx: ActorContext, options: LabelOptions) {
    const learnt = learnFromLabels(chinesePersonDefaultParams, await labels(ctx.tenantId), options);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('identityModels').values({ tenantId: ctx.tenantId, id, params: JSON.stringify(learnt.params), sameCount: learnt.same, differentCount: learnt.different, trainedBy: ctx.userId ?? null }).execute();
      await appendEvents(trx, ctx, [{ type: 'identity.model.retrained', aggregateType: 'identity_model', aggregateId: id, payload: { same: learnt.same, different: learnt.different, changes: learnt.changes } }]);
    });
    onChange(ctx.tenantId); // the tenant's index is rebuilt with the new weights on the next match
    return { id, same: learnt.same, different: learnt.different, changes: learnt.changes };
  }

  async function current(ctx: ActorContext) {
    const row = await latest(ctx.tenantId);
    const params = row?.params ?? chinesePersonDefaultParams;
    return {
      id: row?.id ?? null,
      trainedAt: row?.trainedAt.toISOString() ?? null,
      same: row?.sameCount ?? 0,
      different: row?.differentCount ?? 0,
      comparisons: params.comparisons.map((c) => ({ name: c.name, levels: c.levels.slice(1).map((level, k) => ({ level, m: c.m[k + 1] ?? 0, u: c.u[k + 1] ?? 0, weight: Math.round(Math.log2((c.m[k + 1] ?? 1) / (c.u[k + 1] ?? 1)) * 1000) / 1000 })) })),
    };
  }

  return { paramsOf, retrain, current };
}

export type ModelStore = ReturnType<typeof createModelStore>;

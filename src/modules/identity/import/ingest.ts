/**
 * The core shared by file imports and single records: a batch of received records → matched against the tenant's
 * index → touchpoints written (ON CONFLICT DO NOTHING on their deterministic key) → people created for the records
 * that matched nobody → touchpoints marked linked. A record that matches nobody gets a person id planned before
 * anything is written, and its touchpoint (status 'pending') is committed before the directory creates the person:
 * killed in between, the next run finds the pending touchpoint and creates that same person — never a second one.
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../../kernel/context.ts';
import { newId } from '../../../kernel/ids.ts';
import { appendEvents } from '../../../platform/events/outbox.ts';
import type { DirectoryService, PersonReads } from '../../directory/index.ts';
import type { PairExplanation } from '../matcher/model.types.ts';
import type { MatchThresholds, Matching } from '../touchpoint.matching.ts';
import { matcherRecord, normaliseTouchpoint, personInput, type NormalisedTouchpoint, type TouchpointInput } from '../touchpoint.normalise.ts';
import type { IdentityTables } from '../touchpoint.tables.ts';

export type IncomingRecord = { key: string; line: number | null; raw: Record<string, string>; fields: TouchpointInput; receivedAt?: Date };
export type IngestDeps = {
  db: Kysely<IdentityTables>;
  directory: DirectoryService;
  people: PersonReads;
  matching: Matching;
  phoneRegion: string;
  /** Planned person ids being created by an import now: the person-create hook leaves them alone. */
  importing: Set<string>;
};
export type IngestOptions = { source: string; importId: string | null; thresholds: MatchThresholds };

export type IngestOutcome =
  | { key: string; line: number | null; outcome: 'rejected'; reason: string }
  | { key: string; line: number | null; outcome: 'skipped' }
  | { key: string; line: number | null; outcome: 'created' | 'matched'; touchpointId: string; personId: string; probability: number | null; explanation: PairExplanation | null; review: { personId: string; probability: number } | null };

type Planned = { record: IncomingRecord; value: NormalisedTouchpoint; id: string; personId: string; kind: 'created' | 'matched'; pending: boolean; probability: number | null; explanation: PairExplanation | null; review: { personId: string; probability: number; explanation: PairExplanation } | null };

const pairOf = (a: string, b: string) => (a < b ? [a, b] as const : [b, a] as const);

export type BatchPlan = { records: IncomingRecord[]; outcomes: Map<string, IngestOutcome>; planned: Planned[] };

export async function ingestBatch(deps: IngestDeps, ctx: ActorContext, records: IncomingRecord[], options: IngestOptions): Promise<IngestOutcome[]> {
  const plan = await planBatch(deps, ctx, records, options);
  try {
    return await writeBatch(deps, ctx, plan, options);
  } catch (error) {
    deps.matching.forget(ctx.tenantId); // planned people that were never written must not be matched
    throw error;
  }
}

/**
 * Matching: decides every record's person (and adds it to the in-memory index, so later records see it) without
 * writing. An import plans batch N+1 while batch N is written; writes stay in order, so a record linked to a
 * person planned in an earlier batch is committed only after that person is.
 */
export async function planBatch(deps: IngestDeps, ctx: ActorContext, records: IncomingRecord[], options: IngestOptions): Promise<BatchPlan> {
  const { db } = deps;
  const keys = records.map((r) => r.key);
  const existing = new Set(
    keys.length ? (await db.selectFrom('identityTouchpoints').select('touchpointKey').where('tenantId', '=', ctx.tenantId).where('touchpointKey', 'in', keys).execute()).map((r) => r.touchpointKey) : [],
  );
  const state = await deps.matching.stateOf(ctx.tenantId);
  const outcomes = new Map<string, IngestOutcome>();
  const planned: Planned[] = [];
  const plannedPeople = new Set<string>();
  for (const record of records) {
    if (existing.has(record.key) || outcomes.has(record.key)) {
      outcomes.set(record.key, { key: record.key, line: record.line, outcome: 'skipped' });
      continue;
    }
    const { value, problems } = normaliseTouchpoint(record.fields, deps.phoneRegion);
    if (problems.length) {
      outcomes.set(record.key, { key: record.key, line: record.line, outcome: 'rejected', reason: problems.map((p) => `${p.field}: ${p.reason}`).join('; ') });
      continue;
    }
    const matcherView = matcherRecord(value);
    const best = deps.matching.scoreIn(state, matcherView, options.thresholds.review, 3).find((c) => !c.vetoedBy);
    const id = newId();
    if (best && best.probability >= options.thresholds.link) {
      planned.push({ record, value, id, personId: best.personId, kind: 'matched', pending: plannedPeople.has(best.personId), probability: best.probability, explanation: best.explanation, review: null });
      deps.matching.add(state, best.personId, matcherView);
      continue;
    }
    const personId = newId();
    plannedPeople.add(personId);
    planned.push({ record, value, id, personId, kind: 'created', pending: true, probability: null, explanation: null, review: best ? { personId: best.personId, probability: best.probability, explanation: best.explanation } : null });
    deps.matching.add(state, personId, matcherView);
  }
  return { records, outcomes, planned };
}

export async function writeBatch(deps: IngestDeps, ctx: ActorContext, plan: BatchPlan, options: IngestOptions): Promise<IngestOutcome[]> {
  const { db } = deps;
  const { records, outcomes, planned } = plan;
  const inserted = new Set<string>();
  if (planned.length) {
    await db.transaction().execute(async (trx) => {
      // One statement and one parameter for the batch: the rows as one JSON document, split by jsonb_to_recordset.
      // Kysely's multi-row VALUES had 15 placeholders per row; per-column arrays of JSON text cost escaping in node
      // and a second parse in PostgreSQL. ON CONFLICT on the deterministic key keeps re-runs idempotent.
      const batch = planned.map((p) => ({
        id: p.id, key: p.record.key, receivedAt: p.record.receivedAt ?? null, raw: p.record.raw, normalised: p.value, personId: p.personId,
        status: p.pending ? 'pending' : 'linked', linkKind: p.kind, probability: p.probability, explanation: p.explanation, line: p.record.line,
      }));
      const { rows } = await sql<{ touchpointKey: string }>`
        INSERT INTO identity_touchpoints (tenant_id, id, touchpoint_key, source, received_at, raw, normalised, person_id, status, link_kind, match_probability, explanation, import_id, line, created_by)
        SELECT ${ctx.tenantId}, t.id, t.key, ${options.source}, coalesce(t."receivedAt", now()), t.raw, t.normalised, t."personId", t.status, t."linkKind", t.probability, t.explanation,
          ${options.importId}::uuid, t.line, ${ctx.userId ?? null}::uuid
        FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          AS t(id uuid, key text, "receivedAt" timestamptz, raw jsonb, normalised jsonb, "personId" uuid, status text, "linkKind" text, probability float8, explanation jsonb, line int)
        ON CONFLICT (tenant_id, touchpoint_key) DO NOTHING
        RETURNING touchpoint_key`.execute(trx);
      for (const row of rows) inserted.add(row.touchpointKey);
      const reviews = planned.filter((p) => p.review && inserted.has(p.record.key));
      if (reviews.length) {
        await trx
          .insertInto('identityReviewPairs')
          .values(reviews.map((p) => {
            const review = p.review as NonNullable<Planned['review']>;
            const [leftId, rightId] = pairOf(review.personId, p.personId);
            return { tenantId: ctx.tenantId, id: newId(), leftId, rightId, probability: review.probability, explanation: JSON.stringify(review.explanation), status: 'open' as const };
          }))
          .onConflict((oc) => oc.columns(['tenantId', 'leftId', 'rightId']).doNothing())
          .execute();
      }
      // One audit event per batch rather than per row: the touchpoints themselves are the detailed record.
      await appendEvents(trx, ctx, [{ type: 'identity.touchpoints.received', aggregateType: 'identity_import', aggregateId: options.importId ?? planned[0]?.id ?? newId(), payload: { source: options.source, touchpoints: rows.length, created: planned.filter((p) => p.kind === 'created' && inserted.has(p.record.key)).length, review: reviews.length } }]);
    });
  }
  const failed = await createPlannedPeople(deps, ctx, planned.filter((p) => p.kind === 'created' && inserted.has(p.record.key)).map((p) => ({ personId: p.personId, value: p.value })), options.source);

  const byKey = new Map(planned.map((p) => [p.record.key, p]));
  return records.map((record) => {
    const done = outcomes.get(record.key);
    if (done) return done;
    const p = byKey.get(record.key);
    if (!p || !inserted.has(record.key)) return { key: record.key, line: record.line, outcome: 'skipped' as const };
    const failure = failed.get(p.personId);
    if (failure) return { key: record.key, line: record.line, outcome: 'rejected' as const, reason: failure };
    return { key: record.key, line: record.line, outcome: p.kind, touchpointId: p.id, personId: p.personId, probability: p.probability, explanation: p.explanation, review: p.review ? { personId: p.review.personId, probability: p.review.probability } : null };
  });
}

/**
 * Creates the planned people (one directory transaction for the batch), then marks their
 * touchpoints linked. A person the directory refuses takes its touchpoints and review pairs with it; the reason
 * comes back per planned id so the caller can report the line.
 */
export async function createPlannedPeople(deps: IngestDeps, ctx: ActorContext, people: Array<{ personId: string; value: NormalisedTouchpoint }>, source: string): Promise<Map<string, string>> {
  for (const p of people) deps.importing.add(p.personId);
  let failed: Map<string, string>;
  try {
    failed = await deps.directory.people.createMany(ctx, people.map(({ personId, value }) => ({ id: personId, input: personInput(value, source) })));
  } finally {
    for (const p of people) deps.importing.delete(p.personId);
  }
  const ok = people.map((p) => p.personId).filter((id) => !failed.has(id));
  if (ok.length) await sql`UPDATE identity_touchpoints SET status = 'linked' WHERE tenant_id = ${ctx.tenantId} AND status = 'pending' AND person_id = ANY(${ok}::uuid[])`.execute(deps.db);
  const bad = [...failed.keys()];
  if (bad.length) {
    await sql`DELETE FROM identity_touchpoints WHERE tenant_id = ${ctx.tenantId} AND status = 'pending' AND person_id = ANY(${bad}::uuid[])`.execute(deps.db);
    await sql`DELETE FROM identity_review_pairs WHERE tenant_id = ${ctx.tenantId} AND (left_id = ANY(${bad}::uuid[]) OR right_id = ANY(${bad}::uuid[]))`.execute(deps.db);
  }
  return failed;
}

/** Finishes what a killed run left pending: the planned people whose touchpoints are written but not linked. */
export async function resumePending(deps: IngestDeps, ctx: ActorContext, source: string): Promise<number> {
  const { rows: pending } = await sql<{ personId: string; normalised: NormalisedTouchpoint }>`
    SELECT DISTINCT ON (t.person_id) t.person_id, t.normalised
    FROM identity_touchpoints t
    WHERE t.tenant_id = ${ctx.tenantId} AND t.status = 'pending'
    ORDER BY t.person_id, (t.link_kind = 'created') DESC, t.line`.execute(deps.db);
  if (pending.length === 0) return 0;
  const existing = await deps.people.existing(ctx.tenantId, pending.map((r) => r.personId));
  const rows = pending.map((r) => ({ ...r, exists: existing.has(r.personId) }));
  const present = rows.filter((r) => r.exists).map((r) => r.personId);
  if (present.length) await sql`UPDATE identity_touchpoints SET status = 'linked' WHERE tenant_id = ${ctx.tenantId} AND status = 'pending' AND person_id = ANY(${present}::uuid[])`.execute(deps.db);
  await createPlannedPeople(deps, ctx, rows.filter((r) => !r.exists).map((r) => ({ personId: r.personId, value: r.normalised })), source);
  return rows.length;
}

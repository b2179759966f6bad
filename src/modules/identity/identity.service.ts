/** Builds the identity module's database-backed services: touchpoints, matching, imports, review and merges. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { DirectoryService, PersonReads } from '../directory/index.ts';
import { ingestBatch, type IngestDeps } from './import/ingest.ts';
import { createImportJobs } from './import/import-jobs.ts';
import { importPeople, type ImportFile, type ImportOptions, type ImportReport } from './import/people-import.ts';
import type { PairExplanation } from './matcher/model.types.ts';
import { createMergeService, type PersonRelinker } from './merge.service.ts';
import { createMatching, DEFAULT_THRESHOLDS, type MatchThresholds } from './touchpoint.matching.ts';
import { createPersonHooks, type OnPersonCreate } from './touchpoint.hooks.ts';
import { createIdentityPrivacy } from './touchpoint.privacy.ts';
import { DEFAULT_SURVIVORSHIP, goldenRecord, type Survivorship } from './touchpoint.golden.ts';
import { matcherRecord, normaliseTouchpoint, type TouchpointInput } from './touchpoint.normalise.ts';
import type { IdentityTables } from './touchpoint.tables.ts';
import { createModelStore } from './touchpoint.model.ts';

export type IdentityServiceDeps = {
  db: Kysely<Record<never, never>>;
  directory: DirectoryService;
  /** The directory's reads for matching and visibility (identity never queries the directory's tables). */
  people: PersonReads;
  phoneRegion: string;
  thresholds?: MatchThresholds;
  survivorship?: Survivorship;
  /** What a person created through the directory triggers (see touchpoint.hooks.ts); default 'warn'. */
  onPersonCreate?: OnPersonCreate;
  /** Where uploaded files wait for their import job, and how large one may be. */
  imports?: { dir: string; maxBytes: number; onError?: (error: unknown, importId: string) => void };
  /** Other modules' records of a person, moved by a merge (wired in app/server.ts). */
  relinkers?: PersonRelinker[];
};

/** An explanation as the API shows it: without the matcher's internal record positions. */
import { identityFieldRules, maskExplanation, maskGolden, maskNormalised, maskRaw, type IdentityFieldRules } from './field-rules.ts';

export function publicExplanation(explanation: PairExplanation | null) {
  if (!explanation) return null;
  const { left: _left, right: _right, ...rest } = explanation;
  return rest;
}

/** The explanation a caller may read: no record values at the top, field values as their role shows them. */
function shownExplanation(explanation: PairExplanation | null, rules: IdentityFieldRules) {
  const shown = publicExplanation(explanation);
  return shown ? maskExplanation(shown, rules) : null;
}

export function createIdentityService(deps: IdentityServiceDeps) {
  const db = deps.db.withTables<IdentityTables>();
  const thresholds = deps.thresholds ?? DEFAULT_THRESHOLDS;
  const survivorship = deps.survivorship ?? DEFAULT_SURVIVORSHIP;
  // Late-bound: the model store tells matching to rebuild, matching asks the store for the tenant's model.
  const models = createModelStore(db, (tenantId) => matching.forget(tenantId));
  const matching = createMatching(deps.db, deps.people, models.paramsOf);
  const ingestDeps: IngestDeps = { db, directory: deps.directory, people: deps.people, matching, phoneRegion: deps.phoneRegion, importing: new Set() };

  /** People among `ids` the actor may read (match answers must not reveal the others). */
  const visiblePeople = (ctx: ActorContext, ids: string[]) => deps.people.visibleNames(ctx, ids);

  function decisionOf(probability: number, limits: MatchThresholds): 'same' | 'review' | 'different' {
    return probability >= limits.link ? 'same' : probability >= limits.review ? 'review' : 'different';
  }

  async function match(ctx: ActorContext, input: TouchpointInput, options: { limit: number; thresholds?: Partial<MatchThresholds> }) {
    const limits = { ...thresholds, ...options.thresholds };
    const { value, problems } = normaliseTouchpoint(input, deps.phoneRegion);
    const [problem] = problems;
    if (problem) throw invalid('IDENTITY.BAD_RECORD', `${problem.field}: ${problem.reason}`, { field: problem.field });
    const candidates = await matching.match(ctx.tenantId, matcherRecord(value), Math.min(limits.review, 0.1), options.limit * 3);
    const visible = await visiblePeople(ctx, candidates.map((c) => c.personId));
    const rules = identityFieldRules(ctx.scope);
    const items = candidates
      .filter((c) => visible.has(c.personId))
      .slice(0, options.limit)
      .map((c) => ({ personId: c.personId, name: visible.get(c.personId) ?? '', probability: c.probability, decision: c.vetoedBy ? 'different' as const : decisionOf(c.probability, limits), vetoedBy: c.vetoedBy, explanation: shownExplanation(c.explanation, rules) }));
    const best = items.find((c) => !c.vetoedBy);
    return { normalised: value, decision: best?.decision === 'same' ? 'link' as const : best?.decision === 'review' ? 'review' as const : 'new' as const, candidates: items };
  }

  async function record(ctx: ActorContext, input: { source: string; key?: string | undefined; receivedAt?: string | undefined; record: TouchpointInput }) {
    const key = input.key ? `client:${input.source}:${input.key}` : `single:${newId()}`;
    const [outcome] = await ingestBatch(ingestDeps, ctx, [{ key, line: null, raw: Object.fromEntries(Object.entries(input.record).map(([k, v]) => [k, v ?? ''])), fields: input.record, ...(input.receivedAt ? { receivedAt: new Date(input.receivedAt) } : {}) }], { source: input.source, importId: null, thresholds });
    if (!outcome) throw new AppError('internal', 'IDENTITY.NO_OUTCOME', 'The record was not processed');
    if (outcome.outcome === 'rejected') throw invalid('IDENTITY.BAD_RECORD', outcome.reason, {});
    const row = await db.selectFrom('identityTouchpoints').selectAll().where('tenantId', '=', ctx.tenantId).where('touchpointKey', '=', key).executeTakeFirstOrThrow();
    const touchpoint = toTouchpoint(row, identityFieldRules(ctx.scope));
    // Linked to a person the caller may not see: the link is kept, but the explanation (their values) is not shown.
    if (ctx.scope && !(await visiblePeople(ctx, [row.personId])).has(row.personId)) touchpoint.explanation = null;
    return { touchpoint, created: outcome.outcome !== 'skipped', review: outcome.outcome === 'skipped' ? null : outcome.review };
  }

  function toTouchpoint(row: { id: string; source: string; receivedAt: Date; raw: Record<string, string>; normalised: unknown; personId: string; status: string; linkKind: string; matchProbability: number | null; explanation: PairExplanation | null; line: number | null; importId: string | null }, rules: IdentityFieldRules) {
    return { id: row.id, source: row.source, receivedAt: row.receivedAt.toISOString(), raw: maskRaw(row.raw, rules), normalised: maskNormalised(row.normalised as Record<string, unknown>, rules), personId: row.personId, status: row.status, linkKind: row.linkKind, matchProbability: row.matchProbability, explanation: shownExplanation(row.explanation, rules), importId: row.importId, line: row.line };
  }

  async function touchpointsOf(ctx: ActorContext, personId: string) {
    await deps.directory.people.get(ctx, personId); // 404 for a person you may not see, exactly as for a missing one
    const rows = await db.selectFrom('identityTouchpoints').selectAll().where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).orderBy('receivedAt', 'desc').orderBy('id').limit(1000).execute();
    const golden = goldenRecord(rows.map((r) => ({ id: r.id, source: r.source, receivedAt: r.receivedAt, normalised: r.normalised })), survivorship);
    const rules = identityFieldRules(ctx.scope);
    return { items: rows.map((row) => toTouchpoint(row, rules)), golden: maskGolden(golden, rules) };
  }

  const runImport = (ctx: ActorContext, file: ImportFile, options: Omit<ImportOptions, 'thresholds'> & { thresholds?: MatchThresholds }) =>
    importPeople(ingestDeps, ctx, file, { ...options, thresholds: options.thresholds ?? thresholds });
  const importJobs = createImportJobs({ db, dir: deps.imports?.dir ?? 'data/imports', maxBytes: deps.imports?.maxBytes ?? 20 * 1024 * 1024, run: runImport, ...(deps.imports?.onError ? { onError: deps.imports.onError } : {}) });

  const merges = createMergeService({ db, directory: deps.directory, people: deps.people, matching, relinkers: deps.relinkers ?? [] });

  // The directory's hooks; wired by the composition root (the directory never imports identity).
  const personHooks = createPersonHooks({ db, matching, phoneRegion: deps.phoneRegion, thresholds, mode: deps.onPersonCreate ?? 'warn', importing: ingestDeps.importing, merge: merges.merge });

  return {
    matching,
    personHooks,
    privacy: createIdentityPrivacy({ db, directory: deps.directory, matching }),
    thresholds,
    match,
    record,
    touchpointsOf,
    ...merges,
    model: models.current,
    retrainModel: models.retrain,
    importPeople: runImport,
    /** Upload endpoint: the file streamed to disk, imported by a background job (see import/import-jobs.ts). */
    /** Builds every tenant's matching index now, so the first match after a start does not wait for it. */
    prewarm: async () => {
      for (const tenantId of await deps.people.tenants()) await matching.stateOf(tenantId);
    },
    receiveImport: importJobs.receive,
    resumeImports: importJobs.resumeAll,
    stopImports: importJobs.stop,
    getImport: async (ctx: ActorContext, id: string) => {
      const row = await db.selectFrom('identityImports').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
      // An import is its importer's (and administrators'): anyone else is answered as for a missing one.
      if (!row || (ctx.scope && !ctx.scope.isAdmin && row.createdBy !== ctx.userId)) throw new AppError('not_found', 'IDENTITY.IMPORT_NOT_FOUND', `No import ${id}`);
      const { storedPath: _stored, heartbeatAt: _heartbeat, mapping: _mapping, tenantId: _tenant, fileSize, bytesRead, report, ...shown } = row;
      return { ...shown, fileSize: fileSize === null ? null : Number(fileSize), bytesRead: Number(bytesRead), report: report as ImportReport | null, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

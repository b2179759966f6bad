/**
 * Personal-information rights across every module: export everything held about a person, erase (anonymise) it,
 * and apply retention rules. Each module contributes a provider; the outbox payloads about the person are blanked
 * too (the audit chain survives: it covers payload digests).
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';

export type PersonalDataProvider = {
  name: string;
  /** Everything this module holds about the person (throws the module's 404 if the actor may not see them). */
  exportPerson(ctx: ActorContext, personId: string): Promise<unknown>;
  /** Anonymises or deletes it, inside the caller's transaction; returns counts by kind. */
  erasePerson(trx: Kysely<Record<never, never>>, ctx: ActorContext, personId: string): Promise<Record<string, number>>;
  /** People whose data has outlived a rule (untouched since `before`). */
  expiredPeople?(tenantId: string, before: Date, relationshipType: string | null): Promise<string[]>;
};

type RetentionTables = {
  retentionRules: { tenantId: string; id: string; objectType: string; relationshipType: string | null; keepDays: number; createdBy: string | null };
};

const requireAdmin = (ctx: ActorContext) => {
  if (ctx.scope && !ctx.scope.isAdmin) throw new AppError('forbidden', 'PRIVACY.ADMIN_ONLY', 'Only an administrator may export or erase personal data');
};

export function createPrivacyService(deps: { db: Kysely<Record<never, never>>; providers: () => PersonalDataProvider[]; recordSensitiveRead: (ctx: ActorContext, what: { objectType: string; objectId: string; kind: string; details?: Record<string, unknown> }) => Promise<void> }) {
  const db = deps.db.withTables<RetentionTables>();

  async function exportPerson(ctx: ActorContext, personId: string) {
    requireAdmin(ctx);
    const sources: Record<string, unknown> = {};
    for (const provider of deps.providers()) sources[provider.name] = await provider.exportPerson(ctx, personId);
    const { rows } = await sql<Record<string, unknown>>`SELECT id, type, actor_id, occurred_at, payload FROM events WHERE tenant_id = ${ctx.tenantId} AND aggregate_id = ${personId} ORDER BY seq`.execute(deps.db);
    sources.history = rows;
    await deps.recordSensitiveRead(ctx, { objectType: 'person', objectId: personId, kind: 'personal_data_export', details: { sources: Object.keys(sources) } });
    return { exportedAt: new Date().toISOString(), personId, sources };
  }

  async function erase(ctx: ActorContext, personId: string, reason: string) {
    requireAdmin(ctx);
    // The providers' export doubles as the existence and visibility check (their 404s).
    await deps.providers()[0]?.exportPerson(ctx, personId);
    const erased: Record<string, number> = {};
    await deps.db.transaction().execute(async (trx) => {
      for (const provider of deps.providers()) Object.assign(erased, await provider.erasePerson(trx, ctx, personId));
      const { rows } = await sql<{ n: number }>`
        WITH blanked AS (
          UPDATE events SET payload = '{"erased": true}'::jsonb, erased_at = now()
          WHERE tenant_id = ${ctx.tenantId} AND aggregate_id = ${personId} AND erased_at IS NULL RETURNING 1)
        SELECT count(*)::int AS n FROM blanked`.execute(trx);
      erased.events = rows[0]?.n ?? 0;
      await appendEvents(trx, ctx, [{ type: 'privacy.person.erased', aggregateType: 'person', aggregateId: personId, payload: { reason, erased } }]);
    });
    return { personId, erased };
  }

  async function rules(tenantId: string) {
    const rows = await db.selectFrom('retentionRules').selectAll().where('tenantId', '=', tenantId).orderBy('id').execute();
    return { rules: rows.map((r) => ({ objectType: 'person' as const, relationshipType: r.relationshipType as never, keepDays: r.keepDays })) };
  }

  async function setRules(ctx: ActorContext, input: Array<{ objectType: 'person'; relationshipType?: string | null | undefined; keepDays: number }>) {
    requireAdmin(ctx);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('retentionRules').where('tenantId', '=', ctx.tenantId).execute();
      if (input.length > 0) {
        await trx.insertInto('retentionRules').values(input.map((r) => ({ tenantId: ctx.tenantId, id: newId(), objectType: r.objectType, relationshipType: r.relationshipType ?? null, keepDays: r.keepDays, createdBy: ctx.userId ?? null }))).execute();
      }
      await appendEvents(trx, ctx, [{ type: 'privacy.retention.changed', aggregateType: 'tenant', aggregateId: ctx.tenantId, payload: { rules: input } }]);
    });
    return rules(ctx.tenantId);
  }

  /** Finds (and unless dryRun, erases) the people whose data has outlived a rule. */
  async function runRetention(ctx: ActorContext, dryRun: boolean) {
    requireAdmin(ctx);
    const due = new Set<string>();
    for (const rule of (await rules(ctx.tenantId)).rules) {
      const before = new Date(Date.now() - rule.keepDays * 86400_000);
      for (const provider of deps.providers()) for (const id of (await provider.expiredPeople?.(ctx.tenantId, before, rule.relationshipType ?? null)) ?? []) due.add(id);
    }
    const personIds = [...due];
    if (!dryRun) for (const id of personIds) await erase(ctx, id, 'retention rule');
    return { dryRun, personIds };
  }

  return { exportPerson, erase, rules, setRules, runRetention };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

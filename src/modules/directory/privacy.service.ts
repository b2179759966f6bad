/**
 * Personal information held by the directory (PIPL / GDPR): consent per channel, everything about a person as
 * JSON, and erasure that anonymises the person while keeping the row — orders, counts and region totals still
 * add up, but nothing identifies anyone.
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { CONSENT_CHANNELS, type Consent } from './consent.schema.ts';
import { directoryErrors } from './directory.errors.ts';
import type { DirectoryTables } from './directory.tables.ts';
import { toPerson } from './person.mapper.ts';
import { clearSearchTerms } from './search-terms.queries.ts';
import { mayAct } from '../access/index.ts';

export const ERASED_NAME = '已匿名 (erased)';

export function createPrivacyService(db: Kysely<DirectoryTables>) {
  async function visiblePerson(ctx: ActorContext, personId: string, action: 'read' | 'write') {
    const row = await db.selectFrom('people').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', personId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row || !(await mayAct(db, ctx, 'person', row, 'read'))) throw directoryErrors.personNotFound(personId);
    if (action === 'write' && !(await mayAct(db, ctx, 'person', row, 'write'))) throw directoryErrors.forbidden(`Your role may not change person ${personId}`);
    return row;
  }

  async function consents(ctx: ActorContext, personId: string) {
    await visiblePerson(ctx, personId, 'read');
    const rows = await db.selectFrom('consents').selectAll().where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).orderBy('recordedAt', 'desc').orderBy('id', 'desc').execute();
    const history: Consent[] = rows.map((r) => ({ id: r.id, channel: r.channel, status: r.status, source: r.source, evidence: r.evidence, recordedAt: iso(r.recordedAt), recordedBy: r.recordedBy }));
    const current: Record<string, 'granted' | 'withdrawn' | 'unknown'> = Object.fromEntries(CONSENT_CHANNELS.map((c) => [c, 'unknown' as const]));
    for (const entry of [...history].reverse()) current[entry.channel] = entry.status;
    return { current, history };
  }

  async function recordConsent(ctx: ActorContext, personId: string, input: { channel: Consent['channel']; status: Consent['status']; source: string; evidence?: string | null | undefined }) {
    await visiblePerson(ctx, personId, 'write');
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('consents').values({ tenantId: ctx.tenantId, id: newId(), personId, channel: input.channel, status: input.status, source: input.source, evidence: input.evidence ?? null, recordedBy: ctx.userId ?? null }).execute();
      await appendEvents(trx, ctx, [{ type: `directory.consent.${input.status}`, aggregateType: 'person', aggregateId: personId, payload: { channel: input.channel, source: input.source } }]);
    });
    return consents(ctx, personId);
  }

  /** Everything the directory holds about a person, unmasked (callers check that the actor may see it all). */
  async function exportPerson(ctx: ActorContext, personId: string): Promise<Record<string, unknown>> {
    const row = await visiblePerson(ctx, personId, 'read');
    const [memberships, family, keyDates, consentLog] = await Promise.all([
      db.selectFrom('memberships').selectAll().where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).execute(),
      db.selectFrom('familyMembers').selectAll().where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).execute(),
      db.selectFrom('keyDates').selectAll().where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).execute(),
      consents(ctx, personId),
    ]);
    return { person: toPerson(row), memberships, familyMembers: family, keyDates, consents: consentLog };
  }

  /** Anonymises a person inside the caller's transaction. */
  async function erasePerson(trx: Kysely<Record<never, never>>, ctx: ActorContext, personId: string): Promise<Record<string, number>> {
    const tx = trx.withTables<DirectoryTables>();
    const updated = await tx
      .updateTable('people')
      .set({
        name: ERASED_NAME,
        nameFolded: 'erased',
        namePinyin: 'erased',
        nameInitials: '',
        gender: null,
        birthday: null,
        phones: '[]',
        emails: '[]',
        wechatId: null,
        // Region stays (coarse, not identifying) so totals by province and city are unchanged.
        addresses: JSON.stringify([]),
        tags: [],
        notes: null,
        custom: '{}',
        source: null,
        erasedAt: new Date(),
        updatedAt: new Date(),
        updatedBy: ctx.userId ?? null,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', personId)
      .returning('id')
      .execute();
    const family = await tx.deleteFrom('familyMembers').where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).returning('id').execute();
    const dates = await tx.deleteFrom('keyDates').where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).returning('id').execute();
    await tx.updateTable('familyMembers').set({ relatedPersonId: null }).where('tenantId', '=', ctx.tenantId).where('relatedPersonId', '=', personId).execute();
    await clearSearchTerms(tx, ctx.tenantId, personId);
    return { people: updated.length, familyMembers: family.length, keyDates: dates.length };
  }

  async function expiredPeople(tenantId: string, before: Date, relationshipType: string | null): Promise<string[]> {
    let query = db.selectFrom('people').select('id').where('tenantId', '=', tenantId).where('erasedAt', 'is', null).where('updatedAt', '<', before);
    if (relationshipType) query = query.where(sql<boolean>`relationship_types @> ARRAY[${relationshipType}]::text[]`);
    return (await query.limit(10_000).execute()).map((r) => r.id);
  }

  return { consents, recordConsent, exportPerson, erasePerson, expiredPeople, provider: { name: 'directory', exportPerson, erasePerson, expiredPeople } };
}

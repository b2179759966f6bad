/** Who works where, family members and key dates — the facts the relationship engine reads for customer care. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { directoryErrors } from './directory.errors.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import type { DirectoryTables } from './directory.tables.ts';
import type { FamilyMember, KeyDate, Membership } from './relations.schema.ts';

type MembershipInput = { organisationId: string; title?: string | null | undefined; role?: string | null | undefined; isPrimary?: boolean | undefined; startedOn?: string | null | undefined; endedOn?: string | null | undefined };
type FamilyInput = { name: string; relation: FamilyMember['relation']; gender?: string | null | undefined; birthday?: string | null | undefined; relatedPersonId?: string | null | undefined; notes?: string | null | undefined };
type KeyDateInput = { personId?: string | undefined; organisationId?: string | undefined; kind: KeyDate['kind']; label?: string | null | undefined; date: string; recurring?: boolean | undefined };

/** The next time a yearly date comes round, on or after `today` (29 February falls on 28 February in other years). */
export function nextOccurrence(date: string, today: Date): string {
  const [, month = 1, day = 1] = date.split('-').map(Number);
  for (const year of [today.getUTCFullYear(), today.getUTCFullYear() + 1]) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const candidate = new Date(Date.UTC(year, month - 1, Math.min(day, lastDay)));
    if (candidate.getTime() >= Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) return candidate.toISOString().slice(0, 10);
  }
  return date;
}

export function createRelationsService(db: Kysely<DirectoryTables>, clock: () => Date = () => new Date()) {
  /** The record must exist, be visible (else 404 / a 400 naming the field) and, for changes, be writable (403). */
  async function requireLive(ctx: ActorContext, table: 'people' | 'organisations', id: string, field: string, action: 'read' | 'write' = 'read') {
    const objectType = table === 'people' ? 'person' : 'organisation';
    const row = await db.selectFrom(table).select(['id', 'ownerId']).where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row || !(await mayAct(db, ctx, objectType, row, 'read'))) {
      if (field === 'path') throw table === 'people' ? directoryErrors.personNotFound(id) : directoryErrors.organisationNotFound(id);
      throw directoryErrors.badReference(field, objectType, id);
    }
    if (action === 'write' && !(await mayAct(db, ctx, objectType, row, 'write'))) throw directoryErrors.forbidden(`Your role may not change ${objectType} ${id}`);
  }

  function membershipQuery(ctx: ActorContext) {
    const tenantId = ctx.tenantId;
    return db
      .selectFrom('memberships as m')
      .innerJoin('people as p', (j) => j.onRef('p.tenantId', '=', 'm.tenantId').onRef('p.id', '=', 'm.personId'))
      .innerJoin('organisations as o', (j) => j.onRef('o.tenantId', '=', 'm.tenantId').onRef('o.id', '=', 'm.organisationId'))
      .select(['m.id', 'm.personId', 'm.organisationId', 'p.name as personName', 'o.name as organisationName', 'm.title', 'm.role', 'm.isPrimary', 'm.startedOn', 'm.endedOn'])
      .where('m.tenantId', '=', tenantId)
      .where('p.deletedAt', 'is', null)
      .where('o.deletedAt', 'is', null)
      .where(visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' }))
      .where(visibleRows(ctx, 'organisation', { id: 'o.id', owner: 'o.owner_id' }));
  }

  async function listMemberships(ctx: ActorContext, by: { personId?: string; organisationId?: string }): Promise<Membership[]> {
    if (by.personId) await requireLive(ctx, 'people', by.personId, 'path');
    if (by.organisationId) await requireLive(ctx, 'organisations', by.organisationId, 'path');
    let query = membershipQuery(ctx);
    if (by.personId) query = query.where('m.personId', '=', by.personId);
    if (by.organisationId) query = query.where('m.organisationId', '=', by.organisationId);
    return query.orderBy('m.isPrimary', 'desc').orderBy('m.id').limit(1000).execute();
  }

  async function addMembership(ctx: ActorContext, personId: string, input: MembershipInput): Promise<Membership> {
    await requireLive(ctx, 'people', personId, 'path', 'write');
    await requireLive(ctx, 'organisations', input.organisationId, 'organisationId');
    const exists = await db.selectFrom('memberships').select('id').where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).where('organisationId', '=', input.organisationId).executeTakeFirst();
    if (exists) throw directoryErrors.membershipExists();
    const id = await db.transaction().execute((trx) => writeMembership(trx as unknown as Kysely<Record<never, never>>, ctx, personId, input));
    return membershipQuery(ctx).where('m.id', '=', id).executeTakeFirstOrThrow();
  }

  /**
   * The membership write alone, in the caller's transaction: for a caller that has just created the person (and
   * checked or created the organisation) in that same transaction, so there is nothing else to check.
   */
  async function writeMembership(anyTrx: Kysely<Record<never, never>>, ctx: ActorContext, personId: string, input: MembershipInput): Promise<string> {
    const trx = anyTrx.withTables<DirectoryTables>();
    const id = newId();
    if (input.isPrimary) await trx.updateTable('memberships').set({ isPrimary: false }).where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).execute();
    await trx
      .insertInto('memberships')
      .values({ tenantId: ctx.tenantId, id, personId, organisationId: input.organisationId, title: input.title ?? null, role: input.role ?? null, isPrimary: input.isPrimary ?? false, startedOn: input.startedOn ?? null, endedOn: input.endedOn ?? null, createdBy: ctx.userId ?? null })
      .execute();
    await appendEvents(trx, ctx, [{ type: 'directory.membership.created', aggregateType: 'person', aggregateId: personId, payload: { membershipId: id, organisationId: input.organisationId, title: input.title ?? null } }]);
    return id;
  }

  async function removeMembership(ctx: ActorContext, id: string): Promise<void> {
    const existing = await db.selectFrom('memberships').select('personId').where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!existing) throw directoryErrors.recordNotFound('Membership', id);
    await requireLive(ctx, 'people', existing.personId, 'path', 'write');
    await db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('memberships').where('tenantId', '=', ctx.tenantId).where('id', '=', id).returning(['personId', 'organisationId']).executeTakeFirst();
      if (!row) throw directoryErrors.recordNotFound('Membership', id);
      await appendEvents(trx, ctx, [{ type: 'directory.membership.deleted', aggregateType: 'person', aggregateId: row.personId, payload: { membershipId: id, organisationId: row.organisationId } }]);
    });
  }

  async function listFamily(ctx: ActorContext, personId: string): Promise<FamilyMember[]> {
    await requireLive(ctx, 'people', personId, 'path');
    const rows = await db.selectFrom('familyMembers').select(['id', 'personId', 'name', 'relation', 'gender', 'birthday', 'relatedPersonId', 'notes']).where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).orderBy('id').execute();
    return rows.map((row) => ({ ...row, relation: row.relation as FamilyMember['relation'] }));
  }

  async function addFamilyMember(ctx: ActorContext, personId: string, input: FamilyInput): Promise<FamilyMember> {
    await requireLive(ctx, 'people', personId, 'path', 'write');
    if (input.relatedPersonId) await requireLive(ctx, 'people', input.relatedPersonId, 'relatedPersonId');
    const row = { tenantId: ctx.tenantId, id: newId(), personId, name: input.name, relation: input.relation, gender: input.gender ?? null, birthday: input.birthday ?? null, relatedPersonId: input.relatedPersonId ?? null, notes: input.notes ?? null, createdBy: ctx.userId ?? null };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('familyMembers').values(row).execute();
      await appendEvents(trx, ctx, [{ type: 'directory.family_member.created', aggregateType: 'person', aggregateId: personId, payload: { familyMemberId: row.id, relation: row.relation, birthday: row.birthday } }]);
    });
    const { tenantId: _tenant, createdBy: _by, ...member } = row;
    return member;
  }

  async function removeFamilyMember(ctx: ActorContext, id: string): Promise<void> {
    const existing = await db.selectFrom('familyMembers').select('personId').where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!existing) throw directoryErrors.recordNotFound('Family member', id);
    await requireLive(ctx, 'people', existing.personId, 'path', 'write');
    await db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('familyMembers').where('tenantId', '=', ctx.tenantId).where('id', '=', id).returning(['personId']).executeTakeFirst();
      if (!row) throw directoryErrors.recordNotFound('Family member', id);
      await appendEvents(trx, ctx, [{ type: 'directory.family_member.deleted', aggregateType: 'person', aggregateId: row.personId, payload: { familyMemberId: id } }]);
    });
  }

  async function listKeyDates(ctx: ActorContext, query: { personId?: string | undefined; organisationId?: string | undefined; upcomingDays?: number | undefined }): Promise<KeyDate[]> {
    let select = db
      .selectFrom('keyDates as k')
      .leftJoin('people as p', (j) => j.onRef('p.tenantId', '=', 'k.tenantId').onRef('p.id', '=', 'k.personId'))
      .leftJoin('organisations as o', (j) => j.onRef('o.tenantId', '=', 'k.tenantId').onRef('o.id', '=', 'k.organisationId'))
      .select(['k.id', 'k.personId', 'k.organisationId', 'k.kind', 'k.label', 'k.date', 'k.recurring'])
      .where('k.tenantId', '=', ctx.tenantId)
      .where((eb) => eb.or([eb.and([eb('k.personId', 'is not', null), eb('p.deletedAt', 'is', null), visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' })]), eb.and([eb('k.organisationId', 'is not', null), eb('o.deletedAt', 'is', null), visibleRows(ctx, 'organisation', { id: 'o.id', owner: 'o.owner_id' })])]));
    if (query.personId) select = select.where('k.personId', '=', query.personId);
    if (query.organisationId) select = select.where('k.organisationId', '=', query.organisationId);
    const today = clock();
    const rows = await select.orderBy('k.date').limit(query.upcomingDays ? 100_000 : 1000).execute();
    const horizon = query.upcomingDays ? Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + query.upcomingDays * 86400_000 : undefined;
    return rows
      .map((row) => ({ ...row, kind: row.kind as KeyDate['kind'], nextOccurrence: row.recurring ? nextOccurrence(row.date, today) : row.date >= today.toISOString().slice(0, 10) ? row.date : null }))
      .filter((row) => horizon === undefined || (row.nextOccurrence !== null && Date.parse(`${row.nextOccurrence}T00:00:00Z`) <= horizon))
      .sort((a, b) => (horizon === undefined ? 0 : (a.nextOccurrence ?? '').localeCompare(b.nextOccurrence ?? '')))
      .slice(0, 1000);
  }

  async function addKeyDate(ctx: ActorContext, input: KeyDateInput): Promise<KeyDate> {
    if (input.personId) await requireLive(ctx, 'people', input.personId, 'personId', 'write');
    if (input.organisationId) await requireLive(ctx, 'organisations', input.organisationId, 'organisationId', 'write');
    const row = { tenantId: ctx.tenantId, id: newId(), personId: input.personId ?? null, organisationId: input.organisationId ?? null, kind: input.kind, label: input.label ?? null, date: input.date, recurring: input.recurring ?? true, createdBy: ctx.userId ?? null };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('keyDates').values(row).execute();
      const aggregate = row.personId ? { aggregateType: 'person', aggregateId: row.personId } : { aggregateType: 'organisation', aggregateId: row.organisationId as string };
      await appendEvents(trx, ctx, [{ type: 'directory.key_date.created', ...aggregate, payload: { keyDateId: row.id, kind: row.kind, date: row.date } }]);
    });
    const { tenantId: _tenant, createdBy: _by, ...keyDate } = row;
    return { ...keyDate, nextOccurrence: keyDate.recurring ? nextOccurrence(keyDate.date, clock()) : keyDate.date };
  }

  async function removeKeyDate(ctx: ActorContext, id: string): Promise<void> {
    const existing = await db.selectFrom('keyDates').select(['personId', 'organisationId']).where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!existing) throw directoryErrors.recordNotFound('Key date', id);
    if (existing.personId) await requireLive(ctx, 'people', existing.personId, 'path', 'write');
    if (existing.organisationId) await requireLive(ctx, 'organisations', existing.organisationId, 'path', 'write');
    await db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('keyDates').where('tenantId', '=', ctx.tenantId).where('id', '=', id).returning(['personId', 'organisationId']).executeTakeFirst();
      if (!row) throw directoryErrors.recordNotFound('Key date', id);
      await appendEvents(trx, ctx, [{ type: 'directory.key_date.deleted', aggregateType: row.personId ? 'person' : 'organisation', aggregateId: (row.personId ?? row.organisationId) as string, payload: { keyDateId: id } }]);
    });
  }

  return { listMemberships, addMembership, writeMembership, removeMembership, listFamily, addFamilyMember, removeFamilyMember, listKeyDates, addKeyDate, removeKeyDate };
}

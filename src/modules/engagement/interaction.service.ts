/** Interactions: log, read, change, delete/restore, list; a follow-up date becomes a task; visits get confirmed in writing. */
import { sql, type Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import { referenceChecks, type EngagementDb, type EngagementDeps, type Subject } from './engagement.deps.ts';
import { engagementErrors } from './engagement.errors.ts';
import type { InteractionsTable } from './engagement.tables.ts';
import type { Confirmation, Interaction, InteractionCreate, InteractionListQuery, InteractionPatch } from './interaction.schema.ts';

type Row = Selectable<InteractionsTable>;

/** Row visibility: an interaction belongs to whoever logged it (created_by) for the access module's owner sets. */
export const visibleInteractions = (ctx: ActorContext) => visibleRows(ctx, 'interaction', { id: 'interactions.id', owner: 'interactions.created_by' });

const toInteraction = (row: Row): Interaction => ({
  id: row.id,
  channel: row.channel as Interaction['channel'],
  direction: row.direction as Interaction['direction'],
  subject: row.subject,
  notes: row.notes,
  occurredAt: iso(row.occurredAt),
  durationMinutes: row.durationMinutes,
  outcome: row.outcome as Interaction['outcome'],
  personIds: row.personIds,
  organisationId: row.organisationId,
  userIds: row.userIds,
  relatedType: row.relatedType as Interaction['relatedType'],
  relatedId: row.relatedId,
  followUpOn: row.followUpOn,
  followUpTaskId: row.followUpTaskId,
  confirmationStatus: row.confirmationStatus as Interaction['confirmationStatus'],
  confirmationAttachmentId: row.confirmationAttachmentId,
  confirmedAt: isoOrNull(row.confirmedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  createdBy: row.createdBy,
  version: row.version,
  deletedAt: isoOrNull(row.deletedAt),
});

export const subjectsOf = (row: Pick<Row, 'personIds' | 'organisationId'>): Subject[] => [
  ...row.personIds.map((id) => ({ type: 'person' as const, id })),
  ...(row.organisationId ? [{ type: 'organisation' as const, id: row.organisationId }] : []),
];

const summaryOf = (row: Pick<Row, 'channel' | 'direction' | 'subject'>) => `${row.channel} (${row.direction}): ${row.subject}`;

export function createInteractionService(deps: EngagementDeps, db: EngagementDb) {
  const check = referenceChecks(deps);
  const now = deps.clock ?? (() => new Date());

  async function checkReferences(ctx: ActorContext, input: InteractionCreate | InteractionPatch) {
    for (const [i, id] of (input.personIds ?? []).entries()) await check.person(ctx, id, `personIds.${i}`);
    if (input.organisationId) await check.organisation(ctx, input.organisationId, 'organisationId');
    for (const [i, id] of (input.userIds ?? []).entries()) await check.user(ctx, id, `userIds.${i}`);
    if ((input.relatedType ? 1 : 0) + (input.relatedId ? 1 : 0) === 1) throw engagementErrors.invalid('relatedId', 'relatedType and relatedId go together');
  }

  async function create(ctx: ActorContext, input: InteractionCreate): Promise<Interaction> {
    const personIds = [...new Set(input.personIds ?? [])];
    if (personIds.length === 0 && !input.organisationId) throw engagementErrors.invalid('personIds', 'name at least one of their people or an organisation');
    await checkReferences(ctx, input);
    const userIds = [...new Set(input.userIds ?? (ctx.userId ? [ctx.userId] : []))];
    const id = newId();
    return db.transaction().execute(async (trx) => {
      let followUpTaskId: string | null = null;
      const subjects = subjectsOf({ personIds, organisationId: input.organisationId ?? null });
      const events = [];
      if (input.followUpOn) {
        followUpTaskId = newId();
        const title = input.followUpTitle || `Follow up: ${input.subject}`;
        await trx
          .insertInto('tasks')
          .values({ tenantId: ctx.tenantId, id: followUpTaskId, title, dueOn: input.followUpOn, assigneeId: userIds[0] ?? null, personId: personIds[0] ?? null, organisationId: input.organisationId ?? null, sourceType: 'interaction', sourceId: id, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
          .execute();
        events.push({ type: 'engagement.task.created', aggregateType: 'task', aggregateId: followUpTaskId, payload: { subjects, summary: `Task due ${input.followUpOn}: ${title}`, task: { id: followUpTaskId, title, dueOn: input.followUpOn } } });
      }
      const row = await trx
        .insertInto('interactions')
        .values({
          tenantId: ctx.tenantId,
          id,
          channel: input.channel,
          direction: input.direction,
          subject: input.subject,
          notes: input.notes ?? null,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : now(),
          durationMinutes: input.durationMinutes ?? null,
          outcome: input.outcome ?? null,
          personIds,
          organisationId: input.organisationId ?? null,
          userIds,
          relatedType: input.relatedType ?? null,
          relatedId: input.relatedId ?? null,
          followUpOn: input.followUpOn ?? null,
          followUpTaskId,
          confirmationStatus: input.channel === 'visit' ? 'pending' : 'not_required',
          createdBy: ctx.userId ?? null,
          updatedBy: ctx.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const interaction = toInteraction(row);
      events.unshift({ type: 'engagement.interaction.created', aggregateType: 'interaction', aggregateId: id, payload: { subjects, summary: summaryOf(row), occurredAt: interaction.occurredAt, interaction } });
      await appendEvents(trx, ctx, events);
      return interaction;
    });
  }

  async function getRow(ctx: ActorContext, id: string): Promise<Row> {
    const row = await db.selectFrom('interactions').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleInteractions(ctx)).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw engagementErrors.interactionNotFound(id);
    return row;
  }

  /** Locks the row, checks the version, applies `change`, bumps the version and appends the event. */
  async function change(ctx: ActorContext, id: string, expectedVersion: number | undefined, deleted: boolean, build: (current: Row, trx: EngagementDb) => Promise<{ set: Partial<Omit<Row, 'tenantId' | 'id'>>; type: string; summary: string; extra?: Record<string, unknown> }>) {
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('interactions').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleInteractions(ctx)).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current || Boolean(current.deletedAt) !== deleted) throw engagementErrors.interactionNotFound(id);
      if (!(await mayAct(trx, ctx, 'interaction', { id, ownerId: current.createdBy }, 'write'))) throw engagementErrors.forbidden('interaction', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw engagementErrors.stale('Interaction', id, expectedVersion, current.version);
      const { set, type, summary, extra } = await build(current, trx);
      const row = await trx
        .updateTable('interactions')
        .set({ ...set, updatedAt: now(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type, aggregateType: 'interaction', aggregateId: id, payload: { subjects: subjectsOf(row), summary, version: row.version, ...extra } }]);
      return toInteraction(row);
    });
  }

  async function update(ctx: ActorContext, id: string, patch: InteractionPatch, expectedVersion?: number): Promise<Interaction> {
    await checkReferences(ctx, patch);
    return change(ctx, id, expectedVersion, false, async (current, trx) => {
      const personIds = patch.personIds ? [...new Set(patch.personIds)] : current.personIds;
      const organisationId = patch.organisationId !== undefined ? patch.organisationId : current.organisationId;
      if (personIds.length === 0 && !organisationId) throw engagementErrors.invalid('personIds', 'name at least one of their people or an organisation');
      const { followUpTitle, occurredAt, ...rest } = patch;
      // A new follow-up date moves the open task, or creates one if there is none yet.
      let followUpTaskId = current.followUpTaskId;
      if (patch.followUpOn && patch.followUpOn !== current.followUpOn) {
        if (followUpTaskId) await trx.updateTable('tasks').set({ dueOn: patch.followUpOn, updatedAt: now(), updatedBy: ctx.userId ?? null, version: sql`version + 1` }).where('tenantId', '=', ctx.tenantId).where('id', '=', followUpTaskId).execute();
        else {
          followUpTaskId = newId();
          await trx
            .insertInto('tasks')
            .values({ tenantId: ctx.tenantId, id: followUpTaskId, title: followUpTitle || `Follow up: ${patch.subject ?? current.subject}`, dueOn: patch.followUpOn, assigneeId: (patch.userIds ?? current.userIds)[0] ?? ctx.userId ?? null, personId: personIds[0] ?? null, organisationId, sourceType: 'interaction', sourceId: id, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
            .execute();
        }
      }
      const set = { ...rest, personIds, organisationId, followUpTaskId, ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}) };
      const changed = Object.keys(patch).filter((key) => key !== 'followUpTitle');
      return { set, type: 'engagement.interaction.updated', summary: `Interaction changed (${changed.join(', ')}): ${patch.subject ?? current.subject}`, extra: { changed } };
    });
  }

  async function confirm(ctx: ActorContext, id: string, input: Confirmation, expectedVersion?: number): Promise<Interaction> {
    return change(ctx, id, expectedVersion, false, async (current, trx) => {
      if (current.channel !== 'visit') throw engagementErrors.invalid('status', 'only visits are confirmed in writing');
      if (input.status === 'confirmed' && !input.attachmentId) throw engagementErrors.invalid('attachmentId', 'a confirmed visit needs the confirming document (upload it as an attachment first)');
      if (input.attachmentId) {
        const attachment = await trx.selectFrom('attachments').select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', input.attachmentId).where('ownerType', '=', 'interaction').where('ownerId', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
        if (!attachment) throw engagementErrors.badReference('attachmentId', 'attachment of this interaction', input.attachmentId);
      }
      return {
        set: { confirmationStatus: input.status, confirmationAttachmentId: input.attachmentId ?? null, confirmedAt: input.status === 'pending' ? null : now() },
        type: `engagement.interaction.${input.status === 'pending' ? 'confirmation_reset' : input.status}`,
        summary: `Visit ${input.status === 'confirmed' ? 'confirmed in writing by the customer' : input.status === 'disputed' ? 'disputed by the customer' : 'awaiting written confirmation'}: ${current.subject}`,
      };
    });
  }

  const setDeleted = (ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number) =>
    change(ctx, id, expectedVersion, !deleted, async (current) => ({
      set: { deletedAt: deleted ? now() : null },
      type: deleted ? 'engagement.interaction.deleted' : 'engagement.interaction.restored',
      summary: `Interaction ${deleted ? 'deleted' : 'restored'}: ${current.subject}`,
    }));

  async function list(ctx: ActorContext, query: InteractionListQuery): Promise<{ items: Interaction[]; nextCursor: string | null }> {
    let select = db.selectFrom('interactions').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleInteractions(ctx)).where('deletedAt', 'is', null);
    if (query.personId) select = select.where(sql<boolean>`person_ids @> ARRAY[${query.personId}]::uuid[]`);
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.channel?.length) select = select.where('channel', 'in', query.channel);
    if (query.outcome) select = select.where('outcome', '=', query.outcome);
    if (query.confirmationStatus) select = select.where('confirmationStatus', '=', query.confirmationStatus);
    if (query.from) select = select.where('occurredAt', '>=', new Date(`${query.from}T00:00:00Z`));
    if (query.to) select = select.where('occurredAt', '<', new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000));
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      const at = new Date(String(cursor.value));
      if (Number.isNaN(at.getTime())) throw engagementErrors.invalid('cursor', 'not a cursor this API produced');
      select = select.where(sql<boolean>`(occurred_at, id) < (${at}, ${cursor.id})`);
    }
    const rows = await select.orderBy('occurredAt', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toInteraction);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.occurredAt, id: last.id }) : null };
  }

  return {
    create,
    get: async (ctx: ActorContext, id: string) => toInteraction(await getRow(ctx, id)),
    update,
    confirm,
    list,
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

/** Tasks: the minimal to-do list that follow-up dates turn into (assignee, due date, status). */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { referenceChecks, type EngagementDb, type EngagementDeps, type Subject } from './engagement.deps.ts';
import { engagementErrors } from './engagement.errors.ts';
import type { TasksTable } from './engagement.tables.ts';
import type { Task, TaskCreate, TaskListQuery, TaskPatch } from './task.schema.ts';
import { mayAct, visibleRows } from '../access/index.ts';

/** A task belongs to its assignee (the role's scope decides who else sees it); whoever created it keeps sight of it. */
async function taskAccess(db: EngagementDb, ctx: ActorContext, row: Row, action: 'read' | 'write'): Promise<boolean> {
  if (ctx.userId && row.createdBy === ctx.userId) return true;
  return mayAct(db, ctx, 'task', { id: row.id, ownerId: row.assigneeId }, action);
}

type Row = Selectable<TasksTable>;

const toTask = (row: Row): Task => ({
  id: row.id,
  title: row.title,
  dueOn: row.dueOn,
  assigneeId: row.assigneeId,
  status: row.status as Task['status'],
  personId: row.personId,
  organisationId: row.organisationId,
  sourceType: row.sourceType,
  sourceId: row.sourceId,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
});

const subjects = (row: Pick<Row, 'personId' | 'organisationId'>): Subject[] => [
  ...(row.personId ? [{ type: 'person' as const, id: row.personId }] : []),
  ...(row.organisationId ? [{ type: 'organisation' as const, id: row.organisationId }] : []),
];

export function createTaskService(deps: EngagementDeps, db: EngagementDb) {
  const check = referenceChecks(deps);

  async function create(ctx: ActorContext, input: TaskCreate): Promise<Task> {
    if (input.assigneeId) await check.user(ctx, input.assigneeId, 'assigneeId');
    if (input.personId) await check.person(ctx, input.personId, 'personId');
    if (input.organisationId) await check.organisation(ctx, input.organisationId, 'organisationId');
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('tasks')
        .values({ tenantId: ctx.tenantId, id: newId(), title: input.title, dueOn: input.dueOn ?? null, assigneeId: input.assigneeId ?? ctx.userId ?? null, personId: input.personId ?? null, organisationId: input.organisationId ?? null, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'engagement.task.created', aggregateType: 'task', aggregateId: row.id, payload: { subjects: subjects(row), summary: `Task: ${row.title}` } }]);
      return toTask(row);
    });
  }

  async function update(ctx: ActorContext, id: string, patch: TaskPatch, expectedVersion?: number): Promise<Task> {
    if (patch.assigneeId) await check.user(ctx, patch.assigneeId, 'assigneeId');
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('tasks').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
      if (!current || !(await taskAccess(trx, ctx, current, 'read'))) throw engagementErrors.taskNotFound(id);
      if (!(await taskAccess(trx, ctx, current, 'write'))) throw engagementErrors.forbidden('task', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw engagementErrors.stale('Task', id, expectedVersion, current.version);
      const row = await trx.updateTable('tasks').set({ ...patch, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const summary = patch.status && patch.status !== current.status ? `Task ${patch.status}: ${row.title}` : `Task changed: ${row.title}`;
      await appendEvents(trx, ctx, [{ type: 'engagement.task.updated', aggregateType: 'task', aggregateId: id, payload: { subjects: subjects(row), summary, changed: Object.keys(patch) } }]);
      return toTask(row);
    });
  }

  async function get(ctx: ActorContext, id: string): Promise<Task> {
    const row = await db.selectFrom('tasks').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row || !(await taskAccess(db, ctx, row, 'read'))) throw engagementErrors.taskNotFound(id);
    return toTask(row);
  }

  /** Ordered by id (UUIDv7, so creation order); filters narrow it. */
  async function list(ctx: ActorContext, query: TaskListQuery): Promise<{ items: Task[]; nextCursor: string | null }> {
    let select = db
      .selectFrom('tasks')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('deletedAt', 'is', null)
      .where((eb) => eb.or([visibleRows(ctx, 'task', { id: 'tasks.id', owner: 'tasks.assignee_id' }), eb('createdBy', '=', ctx.userId ?? '00000000-0000-0000-0000-000000000000')]));
    if (query.assigneeId) select = select.where('assigneeId', '=', query.assigneeId);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.dueBefore) select = select.where('dueOn', '<=', query.dueBefore);
    if (query.cursor) select = select.where('id', '>', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toTask);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  return { create, update, get, list };
}

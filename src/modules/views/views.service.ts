/**
 * Saved views per user, optionally shared with one of the user's teams. Members of that team see the view and
 * may apply it; only its owner changes or deletes it. A view nobody may see answers as a missing one (404).
 */
import { sql, type Generated, type JSONColumnType, type Kysely, type Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { SavedView, SavedViewCreate, SavedViewPatch } from './views.schema.ts';
import { viewErrors } from './views.errors.ts';

type Filters = SavedView['filters'];

type SavedViewsTable = {
  tenantId: string;
  id: string;
  ownerId: string;
  objectType: SavedView['objectType'];
  name: string;
  teamId: string | null;
  filters: JSONColumnType<Filters, string, string>;
  sort: string | null;
  columns: string[];
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
};
type ViewTables = { savedViews: SavedViewsTable };
type Row = Selectable<SavedViewsTable>;

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

export function createViewService(deps: { db: Kysely<Record<never, never>> }) {
  const db = deps.db.withTables<ViewTables>();

  const userOf = (ctx: ActorContext) => {
    if (!ctx.userId) throw viewErrors.noUser();
    return ctx.userId;
  };
  const teamsOf = (ctx: ActorContext) => ctx.scope?.teamIds ?? [];
  const toView = (row: Row, userId: string): SavedView => ({
    id: row.id,
    objectType: row.objectType,
    name: row.name,
    ownerId: row.ownerId,
    teamId: row.teamId,
    filters: row.filters,
    sort: row.sort,
    columns: row.columns,
    mine: row.ownerId === userId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    version: row.version,
  });
  /** Sharing is with a team you are in; system work (no scope) is not limited. */
  const checkTeam = (ctx: ActorContext, teamId: string | null | undefined) => {
    if (teamId && ctx.scope && !teamsOf(ctx).includes(teamId)) throw viewErrors.notYourTeam(teamId);
  };

  async function list(ctx: ActorContext, objectType: SavedView['objectType']): Promise<SavedView[]> {
    const userId = userOf(ctx);
    const teams = teamsOf(ctx);
    const rows = await db
      .selectFrom('savedViews')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('objectType', '=', objectType)
      .where((eb) => (teams.length > 0 ? eb.or([eb('ownerId', '=', userId), eb('teamId', 'in', teams)]) : eb('ownerId', '=', userId)))
      .orderBy(sql`owner_id = ${userId}`, 'desc')
      .orderBy('name')
      .limit(500)
      .execute();
    return rows.map((row) => toView(row, userId));
  }

  /** The row if the caller may see it (owner or member of the team it is shared with); 404 otherwise. */
  async function visible(ctx: ActorContext, id: string, trx: Kysely<ViewTables> = db): Promise<Row> {
    const userId = userOf(ctx);
    const row = await trx.selectFrom('savedViews').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || (row.ownerId !== userId && !(row.teamId && teamsOf(ctx).includes(row.teamId)))) throw viewErrors.notFound(id);
    return row;
  }

  async function writable(ctx: ActorContext, id: string, expectedVersion: number | undefined, trx: Kysely<ViewTables>): Promise<Row> {
    const row = await visible(ctx, id, trx);
    if (row.ownerId !== ctx.userId) throw viewErrors.notOwner();
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw viewErrors.stale(id, expectedVersion, row.version);
    return row;
  }

  async function create(ctx: ActorContext, input: SavedViewCreate): Promise<SavedView> {
    const userId = userOf(ctx);
    checkTeam(ctx, input.teamId);
    const id = newId();
    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('savedViews')
          .values({ tenantId: ctx.tenantId, id, ownerId: userId, objectType: input.objectType, name: input.name, teamId: input.teamId ?? null, filters: JSON.stringify(input.filters), sort: input.sort ?? null, columns: input.columns })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendEvents(trx, ctx, [{ type: 'views.saved_view.created', aggregateType: 'saved_view', aggregateId: id, payload: { name: input.name, objectType: input.objectType, teamId: input.teamId ?? null } }]);
        return inserted;
      });
      return toView(row, userId);
    } catch (error) {
      throw isUniqueViolation(error) ? viewErrors.nameTaken(input.name) : error;
    }
  }

  async function update(ctx: ActorContext, id: string, patch: SavedViewPatch, expectedVersion: number | undefined): Promise<SavedView> {
    const userId = userOf(ctx);
    checkTeam(ctx, patch.teamId);
    try {
      const row = await db.transaction().execute(async (trx) => {
        const current = await writable(ctx, id, expectedVersion, trx);
        const { filters, ...plain } = patch;
        const updated = await trx
          .updateTable('savedViews')
          .set({ ...plain, ...(filters ? { filters: JSON.stringify(filters) } : {}), updatedAt: new Date(), version: current.version + 1 })
          .where('tenantId', '=', ctx.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendEvents(trx, ctx, [{ type: 'views.saved_view.updated', aggregateType: 'saved_view', aggregateId: id, payload: { changes: Object.keys(patch), version: updated.version } }]);
        return updated;
      });
      return toView(row, userId);
    } catch (error) {
      throw isUniqueViolation(error) && patch.name ? viewErrors.nameTaken(patch.name) : error;
    }
  }

  async function remove(ctx: ActorContext, id: string, expectedVersion: number | undefined): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const current = await writable(ctx, id, expectedVersion, trx);
      await trx.deleteFrom('savedViews').where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
      await appendEvents(trx, ctx, [{ type: 'views.saved_view.deleted', aggregateType: 'saved_view', aggregateId: id, payload: { name: current.name, objectType: current.objectType } }]);
    });
  }

  return { list, get: async (ctx: ActorContext, id: string) => toView(await visible(ctx, id), userOf(ctx)), create, update, remove };
}

export type ViewService = ReturnType<typeof createViewService>;

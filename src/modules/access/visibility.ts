/**
 * Row visibility as SQL, for every module's read paths: the role's owner set OR an explicit share (to the user
 * or one of their teams). Put in the WHERE clause of lists, counts, searches, exports and related-record queries,
 * so that nothing outside the scope is ever read — no count, sort order or error message can reveal it.
 */
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { objectAccess, ownerAllowed, type AccessScope, type RecordAction } from '../../kernel/access-scope.ts';
import type { ActorContext } from '../../kernel/context.ts';

export type RowColumns = { id: string; owner: string };

/** An explicit share of the record `objectId` (a column or a value) to the user or one of their teams. */
function sharedWith(ctx: ActorContext & { scope: AccessScope }, objectType: string, objectId: RawBuilder<unknown>, action: RecordAction): RawBuilder<boolean> {
  const shareAccess = action === 'read' ? ['read', 'edit'] : ['edit'];
  return sql<boolean>`EXISTS (
    SELECT 1 FROM record_shares rs
    WHERE rs.tenant_id = ${ctx.tenantId} AND rs.object_type = ${objectType} AND rs.object_id = ${objectId}
      AND rs.access = ANY(${shareAccess}::text[])
      AND ((rs.grantee_type = 'user' AND rs.grantee_id = ${ctx.scope.userId}) OR (rs.grantee_type = 'team' AND rs.grantee_id = ANY(${ctx.scope.teamIds}::uuid[]))))`;
}

export function visibleRows(ctx: ActorContext, objectType: string, columns: RowColumns, action: RecordAction = 'read'): RawBuilder<boolean> {
  const scope = ctx.scope;
  if (!scope) return sql<boolean>`true`;
  const set = objectAccess(scope, objectType)[action];
  if (set.kind === 'all') return sql<boolean>`true`;
  const shared = sharedWith({ ...ctx, scope }, objectType, sql.ref(columns.id), action);
  if (set.kind === 'none') return shared;
  return sql<boolean>`(${sql.ref(columns.owner)} = ANY(${set.owners}::uuid[]) OR ${shared})`;
}

/** Whether the actor may act on one record already loaded (owner known); falls back to a share lookup. */
export async function mayAct(db: QueryExecutorProvider, ctx: ActorContext, objectType: string, record: { id: string; ownerId: string | null }, action: RecordAction): Promise<boolean> {
  const scope = ctx.scope;
  if (!scope) return true;
  if (ownerAllowed(objectAccess(scope, objectType)[action], record.ownerId)) return true;
  const { rows } = await sql<{ ok: boolean }>`SELECT ${sharedWith({ ...ctx, scope }, objectType, sql`${record.id}::uuid`, action)} AS ok`.execute(db);
  return rows[0]?.ok === true;
}

/**
 * Moving a person's engagement records to another person inside the caller's transaction, and putting them back:
 * what a merge of duplicates needs (the identity module calls this through the composition root). Interactions
 * name their participants in an array: the moved-away person is replaced by the survivor there, or — when the
 * survivor already took part — removed, and its position remembered so that `restore` puts it back where it was.
 * Tasks name one person. `restore` changes only rows that still show the survivor, so later edits are kept.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export type EngagementRelinkState = {
  /** Interactions where the survivor took the moved-away person's place in person_ids. */
  interactions: string[];
  /** Interactions both took part in: the moved-away person was removed from person_ids at this (1-based) position. */
  participantsRemoved: Array<{ id: string; at: number }>;
  tasks: string[];
};

type Ids = { id: string };

export function createEngagementPersonRelink() {
  async function move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<EngagementRelinkState> {
    // `person_ids @> ARRAY[…]`, not `… = ANY(person_ids)`: only containment can use the GIN index on person_ids
    // (otherwise a merge reads every interaction of the tenant).
    const replaced = await sql<Ids>`UPDATE interactions SET person_ids = array_replace(person_ids, ${fromId}::uuid, ${toId}::uuid), updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND person_ids @> ARRAY[${fromId}::uuid] AND NOT ${toId}::uuid = ANY(person_ids) RETURNING id`.execute(trx);
    const removed = await sql<{ id: string; at: number }>`UPDATE interactions i SET person_ids = array_remove(i.person_ids, ${fromId}::uuid), updated_at = now(), version = i.version + 1
      FROM (SELECT id, array_position(person_ids, ${fromId}::uuid) AS at FROM interactions
            WHERE tenant_id = ${tenantId} AND person_ids @> ARRAY[${fromId}::uuid, ${toId}::uuid] FOR UPDATE) p
      WHERE i.tenant_id = ${tenantId} AND i.id = p.id RETURNING i.id, p.at`.execute(trx);
    const tasks = await sql<Ids>`UPDATE tasks SET person_id = ${toId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
    return { interactions: replaced.rows.map((r) => r.id), participantsRemoved: removed.rows.map((r) => ({ id: r.id, at: Number(r.at) })), tasks: tasks.rows.map((r) => r.id) };
  }

  async function restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: EngagementRelinkState): Promise<number> {
    const replaced = await sql`UPDATE interactions SET person_ids = array_replace(person_ids, ${toId}::uuid, ${fromId}::uuid), updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND id = ANY(${state.interactions}::uuid[]) AND ${toId}::uuid = ANY(person_ids) AND NOT ${fromId}::uuid = ANY(person_ids)`.execute(trx);
    const removed = state.participantsRemoved ?? [];
    const reinserted = removed.length === 0 ? null : await sql`UPDATE interactions i
      SET person_ids = i.person_ids[1:r.at - 1] || ${fromId}::uuid || i.person_ids[r.at:], updated_at = now(), version = i.version + 1
      FROM unnest(${removed.map((r) => r.id)}::uuid[], ${removed.map((r) => r.at)}::int[]) AS r(id, at)
      WHERE i.tenant_id = ${tenantId} AND i.id = r.id AND NOT ${fromId}::uuid = ANY(i.person_ids)`.execute(trx);
    const tasks = await sql`UPDATE tasks SET person_id = ${fromId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND id = ANY(${state.tasks}::uuid[]) AND person_id = ${toId}`.execute(trx);
    return Number(replaced.numAffectedRows ?? 0n) + Number(reinserted?.numAffectedRows ?? 0n) + Number(tasks.numAffectedRows ?? 0n);
  }

  return { move, restore };
}

/** Ownership hooks the access module calls: whose a record is (for sharing), and handover of a leaver's records. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import type { DirectoryTables } from './directory.tables.ts';

const TABLES = { person: 'people', organisation: 'organisations' } as const;

export function createDirectoryOwnership(db: Kysely<DirectoryTables>) {
  async function recordOf(tenantId: string, objectType: string, id: string): Promise<{ id: string; ownerId: string | null } | undefined> {
    const table = TABLES[objectType as keyof typeof TABLES];
    if (!table) return undefined;
    return db.selectFrom(table).select(['id', 'ownerId']).where('tenantId', '=', tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  }

  /** Moves people and organisations (all, or the ids in `only`) inside the caller's transaction. */
  async function transfer(trx: Kysely<Record<never, never>>, ctx: ActorContext, move: { fromUserId: string; toUserId: string; only?: Record<string, string[]> | undefined }): Promise<Record<string, number>> {
    const tx = trx.withTables<DirectoryTables>();
    const counts: Record<string, number> = {};
    for (const [objectType, table] of Object.entries(TABLES)) {
      const ids = move.only ? move.only[objectType] : undefined;
      if (move.only && !ids) continue;
      let query = tx.updateTable(table).set({ ownerId: move.toUserId, updatedAt: new Date(), updatedBy: ctx.userId ?? null }).where('tenantId', '=', ctx.tenantId).where('ownerId', '=', move.fromUserId);
      if (ids) query = query.where('id', 'in', ids.length > 0 ? ids : ['00000000-0000-0000-0000-000000000000']);
      const result = await query.returning('id').execute();
      counts[objectType] = result.length;
    }
    return counts;
  }

  return { recordOf, transfer };
}

/** Handover hook: a leaver's open tasks and pending follow-ups go to their successor. */
import { sql } from 'kysely';
import type { OwnershipTransfer } from '../access/index.ts';

export const transferEngagementOwnership: OwnershipTransfer = async (trx, ctx, move): Promise<Record<string, number>> => {
  const ids = move.only?.task;
  if (move.only && !ids) return {};
  const { rows } = await sql<{ id: string }>`
    UPDATE tasks SET assignee_id = ${move.toUserId}, updated_at = now(), version = version + 1
    WHERE tenant_id = ${ctx.tenantId} AND assignee_id = ${move.fromUserId} AND deleted_at IS NULL AND status = 'open'
      ${ids ? sql`AND id = ANY(${ids}::uuid[])` : sql``} RETURNING id`.execute(trx);
  return { task: rows.length };
};

/** Handover hook: a leaver's open leads and open opportunities (and the stages they are responsible for) move. */
import { sql } from 'kysely';
import type { OwnershipTransfer } from '../access/index.ts';

const idFilter = (ids: string[] | undefined) => (ids ? sql`AND id = ANY(${ids}::uuid[])` : sql``);

export const transferSalesOwnership: OwnershipTransfer = async (trx, ctx, move) => {
  const only = move.only;
  const counts: Record<string, number> = {};
  if (!only || only.lead) {
    const { rows } = await sql<{ id: string }>`
      UPDATE leads SET owner_id = ${move.toUserId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${ctx.tenantId} AND owner_id = ${move.fromUserId} AND deleted_at IS NULL
        AND status IN ('new', 'contacted', 'qualified') ${idFilter(only?.lead)} RETURNING id`.execute(trx);
    counts.lead = rows.length;
  }
  if (!only || only.opportunity) {
    const { rows } = await sql<{ id: string }>`
      UPDATE opportunities SET owner_id = ${move.toUserId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${ctx.tenantId} AND owner_id = ${move.fromUserId} AND deleted_at IS NULL AND status = 'open'
        ${idFilter(only?.opportunity)} RETURNING id`.execute(trx);
    await sql`
      UPDATE opportunities SET stage_owner_id = ${move.toUserId}
      WHERE tenant_id = ${ctx.tenantId} AND stage_owner_id = ${move.fromUserId} AND deleted_at IS NULL AND status = 'open'
        ${idFilter(only?.opportunity)}`.execute(trx);
    counts.opportunity = rows.length;
  }
  return counts;
};

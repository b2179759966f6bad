/**
 * Handover hook: commerce documents follow their customer. A whole handover moves every document the leaver
 * owns; a handover of chosen customers (`only.person` / `only.organisation`) moves those customers' documents,
 * and `only.quote|order|contract|receivable|payable` name documents directly. Runs in the handover's transaction.
 */
import { sql } from 'kysely';
import type { OwnershipTransfer } from '../access/index.ts';

const TABLES = { quote: 'quotes', order: 'orders', contract: 'contracts', receivable: 'receivables', payable: 'payables' } as const;

/** The customer column(s) of each document: a payable's customer is its partner organisation. */
const customerOf = (table: string) =>
  table === 'payables'
    ? { organisation: sql.ref('partner_organisation_id'), person: sql`NULL::uuid` }
    : { organisation: sql.ref('organisation_id'), person: sql.ref('person_id') };

export const transferCommerceOwnership: OwnershipTransfer = async (trx, ctx, move) => {
  const counts: Record<string, number> = {};
  for (const [objectType, table] of Object.entries(TABLES)) {
    const only = move.only;
    let which = sql`true`;
    if (only) {
      const ids = only[objectType] ?? [];
      const organisations = only.organisation ?? [];
      const people = only.person ?? [];
      const customer = customerOf(table);
      which = sql`(id = ANY(${ids}::uuid[]) OR ${customer.organisation} = ANY(${organisations}::uuid[]) OR ${customer.person} = ANY(${people}::uuid[]))`;
    }
    const { rows } = await sql<{ id: string }>`
      UPDATE ${sql.table(table)} SET owner_id = ${move.toUserId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${ctx.tenantId} AND owner_id = ${move.fromUserId} AND ${which} RETURNING id`.execute(trx);
    counts[objectType] = rows.length;
  }
  return counts;
};

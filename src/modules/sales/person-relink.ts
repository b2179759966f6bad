/**
 * Moving a person's sales records (opportunities, leads converted into them) to another person inside the caller's
 * transaction, and putting them back: what a merge of duplicates needs (the identity module calls this through the
 * composition root; sales does not know why). `move` returns exactly the rows it changed; `restore` returns to the
 * moved-away person only those rows that still point at the survivor, so a later deliberate re-assignment is kept.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export type SalesRelinkState = { opportunities: string[]; leads: string[] };

type Ids = { id: string };

export function createSalesPersonRelink() {
  async function move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<SalesRelinkState> {
    const opportunities = await sql<Ids>`UPDATE opportunities SET person_id = ${toId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
    const leads = await sql<Ids>`UPDATE leads SET converted_person_id = ${toId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND converted_person_id = ${fromId} RETURNING id`.execute(trx);
    return { opportunities: opportunities.rows.map((r) => r.id), leads: leads.rows.map((r) => r.id) };
  }

  async function restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: SalesRelinkState): Promise<number> {
    const opportunities = await sql`UPDATE opportunities SET person_id = ${fromId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND id = ANY(${state.opportunities}::uuid[]) AND person_id = ${toId}`.execute(trx);
    const leads = await sql`UPDATE leads SET converted_person_id = ${fromId}, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND id = ANY(${state.leads}::uuid[]) AND converted_person_id = ${toId}`.execute(trx);
    return Number(opportunities.numAffectedRows ?? 0n) + Number(leads.numAffectedRows ?? 0n);
  }

  return { move, restore };
}

/**
 * Moving a person's commerce documents (quotes, contracts, orders and their lines, receivables) to another person
 * inside the caller's transaction, and putting them back: what a merge of duplicates needs (the identity module
 * calls this through the composition root). `move` returns exactly the rows it changed; `restore` returns to the
 * moved-away person only those rows that still point at the survivor, so a later deliberate re-assignment is kept.
 * Order lines carry the customer too (the purchase history reads them without the order), so they move with it.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export type CommerceRelinkState = { quotes: string[]; contracts: string[]; orders: string[]; orderLines: string[]; receivables: string[] };

type Ids = { id: string };
type Kind = keyof CommerceRelinkState;

// Table per kind, and whether it carries updated_at/version (order lines are immutable rows of their order).
const TABLES: Record<Kind, { table: string; versioned: boolean }> = {
  quotes: { table: 'quotes', versioned: true },
  contracts: { table: 'contracts', versioned: true },
  orders: { table: 'orders', versioned: true },
  orderLines: { table: 'order_lines', versioned: false },
  receivables: { table: 'receivables', versioned: true },
};
const KINDS = Object.keys(TABLES) as Kind[];

export function createCommercePersonRelink() {
  const bump = (kind: Kind) => (TABLES[kind].versioned ? sql`, updated_at = now(), version = version + 1` : sql``);

  async function move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<CommerceRelinkState> {
    const state: CommerceRelinkState = { quotes: [], contracts: [], orders: [], orderLines: [], receivables: [] };
    for (const kind of KINDS) {
      const { rows } = await sql<Ids>`UPDATE ${sql.table(TABLES[kind].table)} SET person_id = ${toId}${bump(kind)}
        WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
      state[kind] = rows.map((r) => r.id);
    }
    return state;
  }

  async function restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: CommerceRelinkState): Promise<number> {
    let restored = 0;
    for (const kind of KINDS) {
      const ids = state[kind] ?? [];
      if (ids.length === 0) continue;
      const result = await sql`UPDATE ${sql.table(TABLES[kind].table)} SET person_id = ${fromId}${bump(kind)}
        WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[]) AND person_id = ${toId}`.execute(trx);
      restored += Number(result.numAffectedRows ?? 0n);
    }
    return restored;
  }

  return { move, restore };
}

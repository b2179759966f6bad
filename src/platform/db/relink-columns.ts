/**
 * Re-pointing rows from one record to another by a column, and back: the mechanics every module's relinker shares
 * (an organisation merge moves interactions, opportunities, orders… that name the duplicate). `move` returns the ids
 * it changed per kind; `restore` puts back only rows that still name the survivor and reports, per kind, the ids it
 * could not (changed since), so the caller can refuse an un-merge that would not be exact.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

/** One kind of row: its table, the column naming the record, and whether it carries updated_at/version. */
export type RelinkColumn = { table: string; column: string; versioned: boolean };
export type RelinkState = Record<string, string[]>;

type Ids = { id: string };

const bump = (spec: RelinkColumn) => (spec.versioned ? sql`, updated_at = now(), version = version + 1` : sql``);

export function createColumnRelinker(kinds: Record<string, RelinkColumn>) {
  async function move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<RelinkState> {
    const state: RelinkState = {};
    for (const [kind, spec] of Object.entries(kinds)) {
      const { rows } = await sql<Ids>`UPDATE ${sql.table(spec.table)} SET ${sql.ref(spec.column)} = ${toId}${bump(spec)}
        WHERE tenant_id = ${tenantId} AND ${sql.ref(spec.column)} = ${fromId} RETURNING id`.execute(trx);
      state[kind] = rows.map((r) => r.id).sort();
    }
    return state;
  }

  /** Puts back what `move` moved; returns, per kind, the ids that no longer name `toId` (and so were not put back). */
  async function restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string, state: RelinkState): Promise<RelinkState> {
    const missing: RelinkState = {};
    for (const [kind, spec] of Object.entries(kinds)) {
      const ids = state[kind] ?? [];
      if (ids.length === 0) continue;
      const { rows } = await sql<Ids>`UPDATE ${sql.table(spec.table)} SET ${sql.ref(spec.column)} = ${fromId}${bump(spec)}
        WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[]) AND ${sql.ref(spec.column)} = ${toId} RETURNING id`.execute(trx);
      const restored = new Set(rows.map((r) => r.id));
      const notBack = ids.filter((id) => !restored.has(id));
      if (notBack.length) missing[kind] = notBack;
    }
    return missing;
  }

  return { move, restore };
}

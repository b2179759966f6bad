import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

// A merge moves the merged person's rows in other modules with `UPDATE … WHERE tenant_id = $1 AND person_id = $2`
// (each module's person-relink.ts). Each such table must have an index the planner can use for it, or a merge scans
// all the tenant's documents inside its transaction. Sequential scans are switched off so that the plan shows
// whether an index exists at all (on a near-empty test database the planner would scan anyway).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const RELINKED: Array<{ table: string; column: string }> = [
  { table: 'tasks', column: 'person_id' },
  { table: 'opportunities', column: 'person_id' },
  { table: 'leads', column: 'converted_person_id' },
  { table: 'quotes', column: 'person_id' },
  { table: 'contracts', column: 'person_id' },
  { table: 'orders', column: 'person_id' },
  { table: 'order_lines', column: 'person_id' },
  { table: 'receivables', column: 'person_id' },
  { table: 'key_dates', column: 'person_id' },
  { table: 'family_members', column: 'person_id' },
  { table: 'family_members', column: 'related_person_id' },
  { table: 'consents', column: 'person_id' },
  { table: 'identity_touchpoints', column: 'person_id' },
];

describe('indexes for the merge relinkers', () => {
  it('the relink of interactions by participant uses the GIN index on person_ids', async () => {
    // The tenant's primary key would serve any tenant-only filter on an empty table: give the planner a tenant
    // with 20,000 interactions among 5,000 people, as it would meet them.
    const db = t.database.db;
    await sql`INSERT INTO interactions (tenant_id, id, channel, direction, subject, occurred_at, person_ids)
      SELECT ${DEFAULT_TENANT_ID}::uuid, gen_random_uuid(), 'phone', 'outbound', 'call ' || n, now(), ARRAY[('019a0000-0000-7000-8000-' || lpad((n % 5000)::text, 12, '0'))::uuid]
      FROM generate_series(1, 20000) AS n`.execute(db);
    await sql`ANALYZE interactions`.execute(db);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN UPDATE interactions SET person_ids = array_replace(person_ids, ${'019a0000-0000-7000-8000-000000000001'}::uuid, ${'019a0000-0000-7000-8000-000000000002'}::uuid)
      WHERE tenant_id = ${DEFAULT_TENANT_ID}::uuid AND person_ids @> ARRAY[${'019a0000-0000-7000-8000-000000000001'}::uuid]`.execute(db);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('interactions_people_idx');
  });

  // Read from the catalogue, not from a plan: on the test's empty tables the planner picks among indexes that
  // share the tenant_id prefix by a coin toss (an index on (tenant_id, organisation_id) served the person relink
  // with a filter), and the primary key (tenant_id, id) alone always gives an index scan over the whole tenant.
  it.each(RELINKED)('the relink of $table by $column has an index led by (tenant_id, $column)', async ({ table, column }) => {
    const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ${table}`.execute(t.database.db);
    // Led by the column (after the tenant); partial only if its condition follows from `column = $value` (deleted
    // rows move too, so an index of live rows only cannot serve).
    const serving = rows
      .map((r) => r.indexdef)
      .filter((d) => new RegExp(`\\((tenant_id, )?${column}[,)]`).test(d) && new RegExp(`^[^)]*\\)( WHERE \\(${column} IS NOT NULL\\))?$`).test(d));
    expect(serving, rows.map((r) => r.indexdef).join('\n')).not.toEqual([]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

// An organisation merge moves the duplicate's rows in every module with `UPDATE … WHERE tenant_id = $1 AND
// <column> = $2` (each module's organisation-relink.ts). Each needs a full (not live-only) index on that column, or
// a merge scans the tenant's documents inside its transaction. Sequential scans are switched off and the plan must
// name the expected index (the primary key on (tenant_id, id) would otherwise pass as "an index scan").
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const RELINKED = [
  { table: 'memberships', column: 'organisation_id', index: 'memberships_organisation_idx' },
  { table: 'key_dates', column: 'organisation_id', index: 'key_dates_organisation_idx' },
  { table: 'interactions', column: 'organisation_id', index: 'interactions_organisation_all_idx' },
  { table: 'tasks', column: 'organisation_id', index: 'tasks_organisation_idx' },
  { table: 'opportunities', column: 'organisation_id', index: 'opportunities_organisation_all_idx' },
  { table: 'leads', column: 'converted_organisation_id', index: 'leads_converted_organisation_idx' },
  { table: 'quotes', column: 'organisation_id', index: 'quotes_organisation_idx' },
  { table: 'contracts', column: 'organisation_id', index: 'contracts_organisation_idx' },
  { table: 'orders', column: 'organisation_id', index: 'orders_organisation_all_idx' },
  { table: 'order_lines', column: 'organisation_id', index: 'order_lines_organisation_idx' },
  { table: 'receivables', column: 'organisation_id', index: 'receivables_organisation_idx' },
  { table: 'payables', column: 'partner_organisation_id', index: 'payables_partner_idx' },
];

describe('indexes for the organisation merge relinkers', () => {
  it.each(RELINKED)('the relink of $table by $column uses $index', async ({ table, column, index }) => {
    const plan = await t.database.db.connection().execute(async (db) => {
      await sql`SET enable_seqscan = off`.execute(db);
      try {
        const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${'019a0000-0000-7000-8000-000000000002'}::uuid
          WHERE tenant_id = ${DEFAULT_TENANT_ID}::uuid AND ${sql.ref(column)} = ${'019a0000-0000-7000-8000-000000000001'}::uuid`.execute(db);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await sql`RESET enable_seqscan`.execute(db);
      }
    });
    expect(plan).toContain(index);
  });
});

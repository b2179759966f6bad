import { sql } from 'kysely';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  await t.call({ method: 'POST', url: '/api/v1/custom-fields', payload: { objectType: 'person', key: 'customer_code', label: { 'zh-CN': '会员号' }, type: 'text' } });
  expect((await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '周敏', custom: { customer_code: 'VIP-0042' } } })).statusCode).toBe(201);
  await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '吴静' } });
});
afterAll(() => t.close());

const ordersFile = (orders: number, key: string) =>
  ['order_number,ordered_on,customer_code,description,quantity,unit_price', ...Array.from({ length: orders }, (_, i) => `S-${i},2025-05-01,${key},茶叶,1,10`)].join('\n');
const reltuples = async () => (await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'orders'::regclass`.execute(t.database.db)).rows[0]?.n;
const indexScans = async (index: string) => {
  await sql`SELECT pg_stat_force_next_flush()`.execute(t.database.db);
  return (await sql<{ n: number }>`SELECT idx_scan::int AS n FROM pg_stat_user_indexes WHERE indexrelname = ${index}`.execute(t.database.db)).rows[0]?.n ?? 0;
};

describe('order import keeps the statistics of orders current', () => {
  it('analyses orders as the import grows them (the foreign-key checks are planned again), not after every batch', async () => {
    expect(await reltuples()).toBeLessThan(0); // never analysed: what the embedded database leaves without autovacuum
    const report = await t.services.commerce.imports.run(ctx, Readable.from([ordersFile(900, 'VIP-0042')]), { format: 'csv', batchOrders: 50 });
    expect(report.rejected).toEqual([]);
    expect(report.ordersImported).toBe(900);
    // Analysed at 200, 450 (the first 200 + a quarter), … — so the statistics lag the table by at most a quarter.
    const counted = await reltuples();
    expect(counted).toBeGreaterThanOrEqual(900 / 1.25);
    expect(counted).toBeLessThanOrEqual(900);
  });

  it('finds customers by customer_code through the partial expression index', async () => {
    await sql`SET enable_seqscan = off`.execute(t.database.db); // tiny test tables would otherwise be scanned
    try {
      const before = await indexScans('people_customer_code_idx');
      const found = await t.services.commerce.imports.run(ctx, Readable.from([ordersFile(1, 'VIP-0042').replace('S-0', 'CODE-1')]), { format: 'csv' });
      expect(found.ordersImported).toBe(1);
      expect(await indexScans('people_customer_code_idx')).toBeGreaterThan(before);
      const missing = await t.services.commerce.imports.run(ctx, Readable.from([ordersFile(1, 'VIP-9999').replace('S-0', 'CODE-2')]), { format: 'csv' });
      expect(missing.rejected[0]?.reason).toMatch(/customer/);
    } finally {
      await sql`RESET enable_seqscan`.execute(t.database.db);
    }
  });
});

/**
 * The analytics API on the demo data set (`guanxi demo`): three years of orders of people and organisations in
 * many provinces — every endpoint answers, the figures add up, and the Parquet export holds the store's rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { loadDemo } from '../../../app/demo/demo-loader.ts';
import { openDuckDb } from '../files/duckdb.session.ts';
import { exportAll } from '../store/parquet.ts';

let t: TestApp;
const json = async (url: string) => {
  const response = await t.call({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.services, t.ctx, { people: 150, organisations: 30 });
  // A store that never had a watermark is built from the database, then follows the outbox.
  await t.services.analytics.feed.catchUp();
}, 300_000);
afterAll(() => t.close());

describe('analytics on the demo data', () => {
  it('the store holds the demo orders of people and organisations', async () => {
    const status = await json('/api/v1/analytics/status');
    expect(status.orderLines).toBeGreaterThan(500);
    expect(status.customers).toBe(180);
    expect(status.products).toBe(14);
  });

  it('segments, value tiers and migration add up to the customers who bought', async () => {
    const s = await json('/api/v1/analytics/segments');
    const bought = (await json('/api/v1/analytics/cube?rows=time.year&measure=customers')).total;
    expect(s.customers).toBe(bought);
    expect(s.segments.reduce((n: number, x: { customers: number }) => n + x.customers, 0)).toBe(bought);
    expect(s.valueTiers.reduce((n: number, x: { customers: number }) => n + x.customers, 0)).toBe(bought);
    expect(s.valueTiers.find((x: { tier: string }) => x.tier === 'high').customers).toBeGreaterThan(0);
    expect(s.migration.from < s.migration.to).toBe(true);
  });

  it('region × season heat map: cells, row totals and the grand total agree; drill into a province', async () => {
    const c = await json('/api/v1/analytics/cube?rows=region.province&columns=time.season&measure=amount');
    expect(c.columnKeys.map((k: { key: string }) => k.key)).toEqual(['spring', 'summer', 'autumn', 'winter']);
    expect(c.cells.reduce((n: number, x: { value: number }) => n + x.value, 0)).toBeCloseTo(c.total, 1);
    const province = c.rowKeys[0].key as string;
    const drill = await json(`/api/v1/analytics/cube?rows=region.city&region.province=${encodeURIComponent(province)}&measure=amount`);
    expect(drill.total).toBeCloseTo(c.rowTotals[0].value, 1);
    const byCategory = await json('/api/v1/analytics/cube?rows=product.category&columns=channel&measure=quantity');
    expect(byCategory.rowKeys.length).toBeGreaterThan(3);
  });

  it('a customer’s page: RFM history, CLV from the fitted BG/NBD, value tier, signals', async () => {
    const top = (await json('/api/v1/analytics/signals?kind=churn&limit=3')).items;
    const somebody = top[0]?.personId ?? (await json('/api/v1/people?limit=1')).items[0].id;
    const a = await json(`/api/v1/analytics/people/${somebody}`);
    expect(a.rfm).not.toBeNull();
    expect(a.history.length).toBeGreaterThan(3);
    expect(a.clv.params.r).toBeGreaterThan(0);
    expect(a.clv.probabilityAlive).toBeGreaterThanOrEqual(0);
    expect(a.value.profit).toBeCloseTo(a.value.revenue - a.value.commissions - a.value.returns - a.value.serviceCost, 1);
    for (const item of top) expect(item.churn.length).toBeGreaterThan(0);
    const preference = await json('/api/v1/analytics/signals?kind=preference&limit=5');
    for (const item of preference.items) expect(item.preferences.some((p: { shifted: boolean }) => p.shifted)).toBe(true);
  });

  it('Parquet export holds every row of the store', async () => {
    const status = await json('/api/v1/analytics/status');
    const dir = await mkdtemp(join(tmpdir(), 'guanxi-export-'));
    try {
      const files = await t.services.analytics.store.exclusive((db) => exportAll(db, dir));
      expect(files.find((f) => f.table === 'order_lines')?.rows).toBe(status.orderLines);
      const duck = await openDuckDb();
      const read = await duck.connection.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet('${join(dir, 'customers.parquet')}')`);
      expect(read.getRows()[0]?.[0]).toBe(status.customers);
      duck.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The RFM history's faster SQL (running totals spread over the periods between purchases, integer sort keys) gives
 * exactly the rows of the plain formulation it replaced (every customer × period with running sums over the grid),
 * on random purchase histories with ties, other currencies and orders after the as-of day; and the incremental
 * refresh, after each kind of change the feed makes, leaves exactly the rows a full recompute gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentListSql } from '../../files/rfm.files.ts';
import { lit, openAnalyticsStore, type AnalyticsStore, type StoreConnection } from '../../store/store.ts';
import { ensureOrderSummary } from '../../store/order-summary.ts';
import { refreshHistory, type HistoryPeriod } from '../history.ts';
import { ordersOf, rfmHistorySql } from '../rfm.sql.ts';
import { random, testId as uuid } from './fixtures.ts';

const TENANT = '00000000-0000-7000-8000-0000000000bb';
const OTHER_TENANT = '00000000-0000-7000-8000-0000000000cc';

/** The formulation used before (kept here as the reference): a grid of every customer × period, running sums over it. */
function gridHistorySql(tenantId: string, period: HistoryPeriod, asOf: string, currency: string): string {
  const step = `INTERVAL 1 ${period.toUpperCase()}`;
  const history = `(WITH orders AS (${ordersOf(tenantId, currency)} AND ordered_on < DATE ${lit(asOf)}),
    per_period AS (SELECT customer_id, CAST(date_trunc('${period}', ordered_on) AS DATE) AS period_start, max(ordered_on) AS last_on,
                          count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY ALL),
    periods AS (SELECT CAST(unnest(generate_series(min(period_start), CAST(date_trunc('${period}', DATE ${lit(asOf)} - 1) AS DATE), ${step})) AS DATE) AS period_start FROM per_period),
    firsts AS (SELECT customer_id, min(period_start) AS first_period FROM per_period GROUP BY customer_id),
    grid AS (SELECT f.customer_id, p.period_start FROM firsts f JOIN periods p ON p.period_start >= f.first_period),
    cumulative AS (
      SELECT g.customer_id, g.period_start, max(pp.last_on) OVER w AS last_on,
             sum(coalesce(pp.orders, 0)) OVER w AS frequency, round(sum(coalesce(pp.amount, 0)) OVER w, 2) AS monetary
      FROM grid g LEFT JOIN per_period pp ON pp.customer_id = g.customer_id AND pp.period_start = g.period_start
      WINDOW w AS (PARTITION BY g.customer_id ORDER BY g.period_start ROWS UNBOUNDED PRECEDING))
    SELECT customer_id, period_start,
           date_diff('day', last_on, least(CAST(period_start + ${step} AS DATE), DATE ${lit(asOf)})) AS recency_days, frequency, monetary
    FROM cumulative)`;
  return `SELECT period_start, customer_id, recency_days, frequency, monetary, r, f, m, ${segmentListSql()}[(r - 1) * 5 + (f + m) // 2] AS segment FROM (SELECT *,
      NTILE(5) OVER (PARTITION BY period_start ORDER BY recency_days DESC, customer_id) AS r,
      NTILE(5) OVER (PARTITION BY period_start ORDER BY frequency, customer_id) AS f,
      NTILE(5) OVER (PARTITION BY period_start ORDER BY monetary, customer_id) AS m
    FROM ${history})`;
}

const dayBefore = (asOf: string, days: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
type Line = (string | number | null)[];

let nextLine = 0;
/** An order of 1–3 lines; amounts in steps of 50 (ties in money), a tenth in dollars. */
function order(tenantId: string, orderNo: number, customer: number, on: string, rand: () => number, currency = rand() < 0.1 ? 'USD' : 'CNY'): Line[] {
  const lines: Line[] = [];
  for (let l = 0; l < 1 + Math.floor(rand() * 3); l++) {
    const net = String(50 * (1 + Math.floor(rand() * 6)));
    lines.push([tenantId, uuid(1, nextLine++), uuid(2, orderNo), uuid(3, customer), on, null, 'line', 'store', null, null, 1, net, '0', net, currency]);
  }
  return lines;
}

async function randomHistory(db: StoreConnection, seed: number, asOf: string): Promise<number> {
  const rand = random(seed);
  const lines: Line[] = [];
  let orderNo = seed * 10_000;
  for (let c = 0; c < 70; c++) {
    const orders = Math.floor(rand() * rand() * 12);
    for (let o = 0; o < orders; o++) lines.push(...order(TENANT, orderNo++, c, dayBefore(asOf, Math.floor(rand() * 800) - 5), rand)); // a few after the as-of day
  }
  lines.push(...order(OTHER_TENANT, orderNo++, 1, dayBefore(asOf, 40), rand, 'CNY'));
  await db.append('order_lines', lines);
  return orderNo;
}

const columns = 'period_start, customer_id, recency_days::BIGINT, frequency::BIGINT, monetary::DOUBLE, r::BIGINT, f::BIGINT, m::BIGINT, segment';

/** Rows in one relation and not the other, both ways (multisets), and the row counts. */
async function difference(db: StoreConnection, a: string, b: string): Promise<{ onlyA: number; onlyB: number; rows: number }> {
  await ensureOrderSummary(db, TENANT); // the lines are written straight into the store here, not by the feed
  const row = await db.one(`SELECT (SELECT count(*) FROM (SELECT ${columns} FROM (${a}) EXCEPT ALL SELECT ${columns} FROM (${b})))::INTEGER AS only_a,
    (SELECT count(*) FROM (SELECT ${columns} FROM (${b}) EXCEPT ALL SELECT ${columns} FROM (${a})))::INTEGER AS only_b,
    (SELECT count(*) FROM (${a}))::INTEGER AS rows`);
  return { onlyA: Number(row?.only_a), onlyB: Number(row?.only_b), rows: Number(row?.rows) };
}

const stored = (period: HistoryPeriod) => `SELECT * FROM rfm_history WHERE tenant_id = ${lit(TENANT)} AND period = '${period}'`;

let store: AnalyticsStore;
beforeAll(async () => {
  store = await openAnalyticsStore();
});
afterAll(() => store.close());

describe('RFM history', () => {
  it.each([1, 2, 3])('the faster SQL gives the rows of the plain formulation (random data, seed %i)', async (seed) => {
    await store.exclusive(async (db) => {
      await db.run(`DELETE FROM order_lines`);
      const asOf = ['2026-03-01', '2026-06-17', '2025-12-31'][seed - 1] as string;
      await randomHistory(db, seed, asOf);
      for (const period of ['month', 'week'] as const) {
        const diff = await difference(db, rfmHistorySql(TENANT, period, asOf, 'CNY'), gridHistorySql(TENANT, period, asOf, 'CNY'));
        expect(diff, period).toMatchObject({ onlyA: 0, onlyB: 0 });
        expect(diff.rows, period).toBeGreaterThan(period === 'month' ? 500 : 2000);
      }
      // Scored from a later period on: exactly the full history's rows from there.
      const from = '2025-09-01';
      const later = await difference(db, rfmHistorySql(TENANT, 'month', asOf, 'CNY', from), `SELECT * FROM (${gridHistorySql(TENANT, 'month', asOf, 'CNY')}) WHERE period_start >= DATE '${from}'`);
      expect(later).toMatchObject({ onlyA: 0, onlyB: 0 });
      expect(later.rows).toBeGreaterThan(0);
    });
  });

  it('refreshed incrementally after each kind of change, it holds what a full recompute gives', async () => {
    await store.exclusive(async (db) => {
      await db.run(`DELETE FROM order_lines`);
      await db.run(`DELETE FROM rfm_history`);
      await db.run(`DELETE FROM history_inputs`);
      let asOf = '2026-05-20';
      const rand = random(99);
      let orderNo = await randomHistory(db, 4, asOf);
      const check = async (label: string) => {
        for (const period of ['month', 'week'] as const) {
          const diff = await difference(db, stored(period), gridHistorySql(TENANT, period, asOf, 'CNY'));
          expect(diff, `${label}, ${period}`).toMatchObject({ onlyA: 0, onlyB: 0 });
        }
      };
      const refresh = async () => (await ensureOrderSummary(db, TENANT), { month: await refreshHistory(db, TENANT, 'month', asOf, 'CNY'), week: await refreshHistory(db, TENANT, 'week', asOf, 'CNY') });

      expect((await refresh()).month).toMatchObject({ derived: 'all' });
      await check('first');
      // Nothing moved: nothing is derived again.
      expect(await refresh()).toEqual({ month: { derived: 'nothing', from: null, periods: 0 }, week: { derived: 'nothing', from: null, periods: 0 } });

      // New orders today: only the current month (and week) is derived again.
      await db.append('order_lines', [...order(TENANT, orderNo++, 3, dayBefore(asOf, 1), rand, 'CNY'), ...order(TENANT, orderNo++, 200, dayBefore(asOf, 1), rand, 'CNY')]);
      const today = await refresh();
      expect(today.month).toEqual({ derived: 'from', from: '2026-05-01', periods: 1 });
      expect(today.week).toMatchObject({ derived: 'from', periods: 1 });
      await check('new orders today');

      // An old order's amount changes; an order in the middle is deleted; a customer's lines move to another (a merge).
      const old = await db.one(`SELECT order_id, CAST(ordered_on AS VARCHAR) AS on FROM order_lines WHERE tenant_id = ${lit(TENANT)} AND currency = 'CNY' AND ordered_on < DATE '2025-01-01' ORDER BY order_id LIMIT 1`);
      await db.run(`UPDATE order_lines SET net = net + 50 WHERE order_id = ${lit(String(old?.order_id))}`);
      const changed = await refresh();
      expect(changed.month.from).toBe(`${String(old?.on).slice(0, 7)}-01`);
      await check('amount changed');
      await db.run(`DELETE FROM order_lines WHERE order_id = (SELECT order_id FROM order_lines WHERE tenant_id = ${lit(TENANT)} AND ordered_on BETWEEN DATE '2025-06-01' AND DATE '2025-12-31' ORDER BY order_id LIMIT 1)`);
      await refresh();
      await check('order deleted');
      await db.run(`UPDATE order_lines SET customer_id = ${lit(uuid(3, 5))} WHERE customer_id = ${lit(uuid(3, 6))}`);
      await refresh();
      await check('merged');

      // The day moves on, into the next month: the month that held the old day, and the new ones, are derived.
      asOf = '2026-06-03';
      const moved = await refresh();
      expect(moved.month).toEqual({ derived: 'from', from: '2026-05-01', periods: 2 });
      await check('a new month');
      // Another tenant's orders and orders in other currencies change nothing here.
      await db.append('order_lines', [...order(OTHER_TENANT, orderNo++, 1, dayBefore(asOf, 1), rand, 'CNY'), ...order(TENANT, orderNo++, 7, dayBefore(asOf, 300), rand, 'USD')]);
      expect((await refresh()).month).toMatchObject({ derived: 'nothing' });
      // Every order gone: no history left.
      await db.run(`DELETE FROM order_lines WHERE tenant_id = ${lit(TENANT)}`);
      await refresh();
      expect(await db.one(`SELECT count(*)::INTEGER AS n FROM rfm_history WHERE tenant_id = ${lit(TENANT)}`)).toEqual({ n: 0 });
    });
  });
});

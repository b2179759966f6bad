/**
 * The order summary beside the lines: recomputed whole when something other than the feed wrote lines (the data
 * version moved without it), refreshed per order and per customer when lines change, and never read stale.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureOrderSummary, markOrderSummaryCurrent, orderSummaryIsCurrent, orderSummarySelect, refreshOrderSummary } from '../order-summary.ts';
import { bumpDataVersion, openAnalyticsStore, type AnalyticsStore, type StoreConnection } from '../store.ts';

const TENANT = randomUUID();
const OTHER = randomUUID();
let store: AnalyticsStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

type Line = { tenant?: string; order: string; customer: string; day: string; net: string; currency?: string };
const row = (l: Line) => [l.tenant ?? TENANT, randomUUID(), l.order, l.customer, l.day, null, 'line', 'store', null, null, 1, l.net, '0.00', l.net, l.currency ?? 'CNY'];

const summary = async (db: StoreConnection, tenant = TENANT) =>
  (await db.all(`SELECT order_id, customer_id, currency, CAST(ordered_on AS VARCHAR) AS ordered_on, amount FROM order_summary WHERE tenant_id = $1 ORDER BY order_id, currency`, [tenant]));
const recomputed = async (db: StoreConnection, tenant = TENANT) =>
  (await db.all(`SELECT order_id, customer_id, currency, CAST(ordered_on AS VARCHAR) AS ordered_on, amount FROM (${orderSummarySelect('order_lines')}) WHERE tenant_id = $1 ORDER BY order_id, currency`, [tenant]));

describe('the order summary', () => {
  it('is recomputed from the lines when they were written without it, one row per order and currency', async () => {
    store = await openAnalyticsStore();
    const [a, b] = [randomUUID(), randomUUID()];
    const [o1, o2, o3] = [randomUUID(), randomUUID(), randomUUID()];
    await store.exclusive(async (db) => {
      expect(await orderSummaryIsCurrent(db, TENANT)).toBe(true); // nothing written yet
      await db.append('order_lines', [
        row({ order: o1, customer: a, day: '2026-03-01', net: '10.50' }),
        row({ order: o1, customer: a, day: '2026-03-02', net: '4.25' }), // a line delivered a day later: the order's day is its last
        row({ order: o2, customer: a, day: '2026-04-01', net: '7.00' }),
        row({ order: o2, customer: a, day: '2026-04-01', net: '3.00', currency: 'USD' }),
        row({ order: o3, customer: b, day: '2026-05-01', net: '-2.00' }),
        row({ tenant: OTHER, order: randomUUID(), customer: b, day: '2026-05-01', net: '1.00' }),
      ]);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      expect(await orderSummaryIsCurrent(db, TENANT)).toBe(false);
      expect(await ensureOrderSummary(db, TENANT)).toBe(true);
      expect(await summary(db)).toEqual(await recomputed(db));
      const o1Row = (await summary(db)).find((r) => r.order_id === o1);
      expect(o1Row).toMatchObject({ customer_id: a, ordered_on: '2026-03-02', amount: 14.75 });
      expect((await summary(db)).filter((r) => r.order_id === o2).map((r) => r.currency)).toEqual(['CNY', 'USD']);
      expect(await summary(db, OTHER)).toEqual([]); // another tenant's lines are its own business
      expect(await ensureOrderSummary(db, TENANT)).toBe(false); // current now: nothing to do
    });
  });

  it('is refreshed per order and per customer, as the feed does, and stays equal to a recompute', async () => {
    store = await openAnalyticsStore();
    const [a, b] = [randomUUID(), randomUUID()];
    const orders = Array.from({ length: 6 }, () => randomUUID());
    await store.exclusive(async (db) => {
      await db.append('order_lines', orders.map((order, i) => row({ order, customer: i < 3 ? a : b, day: `2026-0${1 + i}-15`, net: `${10 * (i + 1)}.00` })));
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      await ensureOrderSummary(db, TENANT);
      // An order's lines change (a new amount, a second line), as when the order is edited.
      await db.run(`DELETE FROM order_lines WHERE order_id = $1`, [orders[0] as string]);
      await db.append('order_lines', [row({ order: orders[0] as string, customer: a, day: '2026-01-20', net: '99.99' }), row({ order: orders[0] as string, customer: a, day: '2026-01-20', net: '0.01' })]);
      // An order is deleted.
      await db.run(`DELETE FROM order_lines WHERE order_id = $1`, [orders[1] as string]);
      await refreshOrderSummary(db, TENANT, { orderIds: [orders[0] as string, orders[1] as string] });
      expect(await summary(db)).toEqual(await recomputed(db));
      expect((await summary(db)).find((r) => r.order_id === orders[0])?.amount).toBe(100);
      // A merge moves all of b's orders to a: refreshed by customer, both the old and the new owner.
      await db.run(`UPDATE order_lines SET customer_id = $1 WHERE customer_id = $2`, [a, b]);
      await refreshOrderSummary(db, TENANT, { customerIds: [a, b] });
      expect(await summary(db)).toEqual(await recomputed(db));
      expect(new Set((await summary(db)).map((r) => r.customer_id))).toEqual(new Set([a]));
      await refreshOrderSummary(db, TENANT, {}); // nothing named: nothing done
      expect(await summary(db)).toEqual(await recomputed(db));
    });
  });

  it('a mark is only as good as the version it names: a later write without the summary makes it stale again', async () => {
    store = await openAnalyticsStore();
    await store.exclusive(async (db) => {
      await db.append('order_lines', [row({ order: randomUUID(), customer: randomUUID(), day: '2026-02-02', net: '5.00' })]);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      await ensureOrderSummary(db, TENANT);
      await markOrderSummaryCurrent(db, TENANT);
      expect(await orderSummaryIsCurrent(db, TENANT)).toBe(true);
      await db.append('order_lines', [row({ order: randomUUID(), customer: randomUUID(), day: '2026-02-03', net: '6.00' })]);
      await bumpDataVersion(db, TENANT, 'last_feed_at');
      expect(await orderSummaryIsCurrent(db, TENANT)).toBe(false);
      expect(await ensureOrderSummary(db, TENANT)).toBe(true);
      expect((await summary(db)).length).toBe(2);
    });
  });
});

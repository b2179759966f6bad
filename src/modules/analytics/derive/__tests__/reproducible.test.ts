/**
 * A derive over the same data gives the same figures to the last bit, whatever order DuckDB's threads or the
 * store's rows come in: money is summed as exact decimals before the one division, and value tiers rank ties by
 * customer id and sum their total in rank order. (On 100,000 bench customers the Gamma-Gamma fit's inputs used to
 * move in their 16th digit between two derives, and the fit with them in its 5th.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { valueTiers, type ValueInput } from '../../models/value-tier.model.ts';
import { openAnalyticsStore, type AnalyticsStore } from '../../store/store.ts';
import { summariesOf } from '../derive.ts';
import { testId as id } from './fixtures.ts';

const TENANT = '00000000-0000-7000-8000-00000000000c';

let store: AnalyticsStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('reproducible derive figures', () => {
  it('computes the mean repeat spend from exact decimals', async () => {
    store = await openAnalyticsStore();
    await store.exclusive(async (db) => {
      // 1.00 first, then 0.10 and 0.20: in floating point the sum is 1.3000000000000003 or 1.3 by the order of
      // addition, and neither gives back 0.15 after subtracting the first purchase and halving.
      const days = [['2026-01-05', '1.00'], ['2026-02-05', '0.10'], ['2026-03-05', '0.20']] as const;
      await db.append('order_lines', days.map(([day, net], i) => [TENANT, id(1, i), id(2, i), id(3, 1), day, null, 'line', 'store', null, null, 1, net, '0', net, 'CNY']));
      const [summary] = await summariesOf(db, TENANT, '2026-06-01', 'CNY');
      expect(summary).toMatchObject({ customerId: id(3, 1), x: 2 });
      expect(summary?.meanRepeat).toBe(0.15);
    });
  });

  it('gives every customer the same tier and share whatever order the customers come in', () => {
    // Many ties (shares then depend on which tied customer ranks first) and values whose float sum depends on the
    // order of addition.
    const customers: ValueInput[] = Array.from({ length: 400 }, (_, i) => ({
      customerId: `c${String((i * 7919) % 400).padStart(3, '0')}`,
      revenue: [0.1, 0.2, 0.3, 1e6 / 3, 7][i % 5] as number,
      costs: {},
      clv: i % 3 === 0 ? 0.7 : 0,
    }));
    const byCustomer = (input: ValueInput[]) => new Map(valueTiers(input).map((t) => [t.customerId, t]));
    const forward = byCustomer(customers);
    expect(byCustomer([...customers].reverse())).toEqual(forward);
    expect(byCustomer([...customers].sort((a, b) => a.revenue - b.revenue || (a.customerId < b.customerId ? 1 : -1)))).toEqual(forward);
  });
});

/**
 * The last fit attempt is kept in the store beside the fitted parameters: a fit that failed says why after the store
 * is closed and opened again (a server restart), is not retried until the data moves, and a later successful fit
 * replaces the failure with its parameters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lifetimeValueUnavailable } from '../../api/clv-unavailable.ts';
import { bumpDataVersion, openAnalyticsStore, type AnalyticsStore, type StoreConnection } from '../../store/store.ts';
import { deriveTenant } from '../derive.ts';
import { currentFits, fitFailure, fitOutcomes, MIN_CUSTOMERS } from '../fits.ts';

const TENANT = '00000000-0000-7000-8000-0000000000aa';
const AS_OF = '2026-06-01';
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** `customers` customers from `first` on; customer k buys on 1 + k % `days` days, 30 days apart, 2 lines an order. */
async function buy(db: StoreConnection, first: number, customers: number, days: number): Promise<void> {
  const rows: (string | number | null)[][] = [];
  for (let k = first; k < first + customers; k++) {
    for (let d = 0; d < 1 + (k % days); d++) {
      const on = new Date(Date.parse(`${AS_OF}T00:00:00Z`) - (20 + 30 * d + (k % 11)) * 86_400_000).toISOString().slice(0, 10);
      for (let line = 0; line < 2; line++) {
        rows.push([TENANT, id(1_000_000 + rows.length + first * 100), id(500_000 + k * 100 + d), id(k), on, null, 'line', 'store', null, null, 1, String(50 + ((k * 7 + d) % 90)), '0', String(50 + ((k * 7 + d) % 90)), 'CNY']);
      }
    }
  }
  await db.append('order_lines', rows);
  await bumpDataVersion(db, TENANT, 'last_feed_at');
}

const derive = (store: AnalyticsStore) => store.background((db) => deriveTenant(db, TENANT, AS_OF, { discountRate: 0.01, currency: 'CNY' }));

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('fit outcomes are stored with the fitted parameters', () => {
  it('a failed fit says why after a restart, is not retried until the data moves, and a successful refit replaces it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'guanxi-fits-'));
    const path = join(dir, 'analytics.duckdb');
    let store = await openAnalyticsStore({ path });
    await store.exclusive((db) => buy(db, 0, 5, 4));
    await derive(store);
    const failed = await store.exclusive((db) => fitFailure(db, TENANT, 'bgnbd'));
    expect(failed).toMatchObject({ model: 'bgnbd', outcome: 'failed', customers: 5, failure: { code: 'too-few-customers', customers: 5, minimum: MIN_CUSTOMERS } });
    const lines = failed?.lines;
    expect(lines).toBeGreaterThan(0);
    await store.close();

    // A restart: the reason, the time and the input size are still there, and the person page's answer is the same.
    store = await openAnalyticsStore({ path });
    expect(await store.exclusive((db) => fitFailure(db, TENANT, 'bgnbd'))).toEqual(failed);
    expect(await store.exclusive((db) => lifetimeValueUnavailable(db, TENANT, 'bgnbd'))).toEqual({
      code: 'too-few-customers', model: 'bgnbd', customers: 5, minimum: MIN_CUSTOMERS, attemptedAt: failed?.attemptedAt, orderLines: lines,
      message: `The BG/NBD model could not be fitted to this tenant's customers: 5 customers with purchases; a fit needs at least ${MIN_CUSTOMERS}.`,
    });
    // Another derive on the same data does not try again (the attempt keeps its time).
    await store.exclusive((db) => bumpDataVersion(db, TENANT, 'last_feed_at'));
    await derive(store);
    expect((await store.exclusive((db) => fitFailure(db, TENANT, 'bgnbd')))?.attemptedAt).toBe(failed?.attemptedAt);

    // Enough customers with repeat purchases: the next derive fits, and the outcome holds the parameters.
    await store.exclusive((db) => buy(db, 5, 40, 4));
    await derive(store);
    expect(await store.exclusive((db) => fitFailure(db, TENANT, 'bgnbd'))).toBeUndefined();
    const fits = await store.exclusive((db) => currentFits(db, TENANT));
    const outcome = (await store.exclusive((db) => fitOutcomes(db, TENANT))).find((o) => o.model === 'bgnbd');
    expect(outcome).toMatchObject({ outcome: 'fitted', customers: 45, params: fits.bgnbd?.params, logLikelihood: fits.bgnbd?.logLikelihood });
    await store.close();
  });

  it('no repeat purchase in the tenant is its own reason, with the number of customers', async () => {
    const store = await openAnalyticsStore();
    await store.exclusive((db) => buy(db, 0, MIN_CUSTOMERS + 5, 1));
    await derive(store);
    expect(await store.exclusive((db) => lifetimeValueUnavailable(db, TENANT, 'bgnbd'))).toMatchObject({ code: 'no-repeat-purchase', model: 'bgnbd', customers: MIN_CUSTOMERS + 5 });
    // Pareto/NBD was never asked for: nothing was attempted.
    expect(await store.exclusive((db) => lifetimeValueUnavailable(db, TENANT, 'pareto'))).toMatchObject({ code: 'not-fitted-yet', model: 'pareto' });
    await store.close();
  });
});

/**
 * Reads never queue behind a slow recompute: while a large tenant's derive runs on the background connection, a
 * read answers at once with the previous figures and says when they were derived; once the derive commits, the
 * next read sees the new ones. A small tenant's readers wait for its (cheap) derive and always see current figures.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { segmentsOf } from '../api/segments.query.ts';
import { CHEAP_DERIVE_MS } from '../derive/derive.ts';
import { createRefresher } from '../derive/refresh.ts';
import { bumpDataVersion, openAnalyticsStore, type AnalyticsStore } from '../store/store.ts';

const TENANT = 'tenant-refresh';
const DAY = '2026-06-01';
let store: AnalyticsStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** `customers` buyers with 1–3 orders each in the spring of 2026, then a new data version (as the feed leaves it). */
async function addCustomers(db: AnalyticsStore, customers: number): Promise<void> {
  await db.exclusive(async (s) => {
    const people: (string | number | null)[][] = [];
    const lines: (string | number | null)[][] = [];
    for (let i = 0; i < customers; i++) {
      const id = randomUUID();
      people.push([TENANT, id, 'person', `客户${i}`, null, '广东省', '广州市']);
      for (let j = 0; j <= i % 3; j++) {
        const day = `2026-0${3 + j}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
        lines.push([TENANT, randomUUID(), randomUUID(), id, day, null, '泵', 'store', null, null, 1, '100.00', '0.00', '100.00', 'CNY']);
      }
    }
    await s.append('customers', people);
    await s.append('order_lines', lines);
    await bumpDataVersion(s, TENANT, 'last_feed_at');
  });
}

const customersSeen = async (db: AnalyticsStore, asOf: string) => (await db.exclusive((s) => segmentsOf(s, TENANT, 'true', asOf, 'month', 'CNY'))).customers;

describe('recomputing derived figures in the background', () => {
  it('a read during a slow derive answers at once with the previous figures; the next one after it sees the new', async () => {
    store = await openAnalyticsStore();
    let offset = 0;
    let held: { reached: () => void; release: Promise<void> } | undefined;
    let firstDerive = true;
    const refresher = createRefresher({
      store,
      now: () => Date.now() + offset,
      derive: {
        discountRate: 0.01,
        currency: 'CNY',
        onStep: async (step) => {
          // The first derive is made slow (over the cheap limit); the second is held halfway, its history rewritten.
          if (step === 'rules' && firstDerive) await new Promise((resolve) => setTimeout(resolve, CHEAP_DERIVE_MS + 200));
          if (step === 'history' && held) {
            held.reached();
            await held.release;
          }
        },
      },
    });

    await addCustomers(store, 30);
    const first = await refresher.ready(TENANT, DAY); // nothing to show yet: the first derive is waited for
    firstDerive = false;
    expect(first.derivedAt).not.toBeNull();
    expect(await customersSeen(store, first.asOf)).toBe(30);

    await addCustomers(store, 12);
    offset = 3_600_000; // an hour later: the slow tenant's figures are due again
    let release!: () => void;
    const reached = new Promise<void>((resolve) => {
      held = { reached: resolve, release: new Promise<void>((r) => (release = r)) };
    });
    const started = Date.now();
    const during = await refresher.ready(TENANT, DAY);
    await reached; // the derive is inside its transaction, monthly history already replaced
    expect(await customersSeen(store, during.asOf)).toBe(30);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(during).toEqual({ asOf: DAY, derivedAt: first.derivedAt, deriving: true });
    // The history the derive is rewriting is still the committed one for readers.
    const months = await store.exclusive((s) => s.one(`SELECT count(DISTINCT customer_id)::INTEGER AS n FROM rfm_history WHERE tenant_id = '${TENANT}' AND period = 'month'`));
    expect(months?.n).toBe(30);

    release();
    await refresher.settled();
    const after = await refresher.ready(TENANT, DAY);
    expect(after.deriving).toBe(false);
    expect(Date.parse(after.derivedAt ?? '')).toBeGreaterThan(Date.parse(first.derivedAt ?? ''));
    expect(await customersSeen(store, after.asOf)).toBe(42);
  }, 30_000);

  it('a small tenant’s reader waits for its cheap derive and sees current figures', async () => {
    store = await openAnalyticsStore();
    const refresher = createRefresher({ store, derive: { discountRate: 0.01, currency: 'CNY' } });
    await addCustomers(store, 25);
    expect(await customersSeen(store, (await refresher.ready(TENANT, DAY)).asOf)).toBe(25);
    await addCustomers(store, 5);
    const fresh = await refresher.ready(TENANT, DAY);
    expect(fresh.deriving).toBe(false);
    expect(await customersSeen(store, fresh.asOf)).toBe(30);
  });

  it('a failed background derive is reported, and the next read tries again', async () => {
    store = await openAnalyticsStore();
    let fail = true;
    const errors: unknown[] = [];
    const refresher = createRefresher({
      store,
      onError: (error) => errors.push(error),
      derive: {
        discountRate: 0.01,
        currency: 'CNY',
        onStep: async () => {
          if (fail) throw new Error('disk full');
        },
      },
    });
    await addCustomers(store, 20);
    await expect(refresher.ready(TENANT, DAY)).rejects.toThrow('disk full');
    expect(refresher.lastError()?.message).toBe('disk full');
    expect(errors).toHaveLength(1);
    fail = false;
    expect(await customersSeen(store, (await refresher.ready(TENANT, DAY)).asOf)).toBe(20);
  });
});

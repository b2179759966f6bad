/**
 * When derived figures are recomputed, and who waits for it. A recompute runs on the store's background connection
 * in one transaction, so readers are never queued behind it and see the previous figures until it commits. A
 * reader waits only when there is nothing to show yet (first derive of a tenant) or when the tenant's last derive
 * was cheap (under CHEAP_DERIVE_MS: waiting a moment for current figures beats showing old ones); a large tenant's
 * readers get the last figures at once, with `derivedAt` saying how old they are, while the recompute runs.
 * One recompute per tenant at a time: readers arriving meanwhile join it instead of starting another.
 */
import { ensureOrderSummary } from '../store/order-summary.ts';
import type { AnalyticsStore } from '../store/store.ts';
import { deriveNeed, deriveTenant, deriveWeekly, lastDerive, recordDerive, recordWeekly, weeklyNeed, type DeriveOptions } from './derive.ts';

export type Freshness = {
  /** The day the served figures are "as of" (exclusive): may be yesterday's while today's are being derived. */
  asOf: string;
  /** When the served figures were derived (ISO instant); null if they never were (a tenant with no data yet). */
  derivedAt: string | null;
  /** A recompute is running: newer figures are on their way. */
  deriving: boolean;
};

export type RefresherOptions = {
  store: AnalyticsStore;
  derive: DeriveOptions;
  now?: () => number;
  /** A recompute that nobody waited for failed (the next read starts another). */
  onError?: (error: unknown) => void;
};

export function createRefresher(options: RefresherOptions) {
  const { store } = options;
  const now = options.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  let lastError: { at: string; message: string } | null = null;

  /** Starts (or joins) the tenant's recompute of `kind`. */
  function start(key: string, job: () => Promise<void>): Promise<void> {
    const existing = running.get(key);
    if (existing) return existing;
    const promise = job()
      .catch((error: unknown) => {
        lastError = { at: new Date(now()).toISOString(), message: error instanceof Error ? error.message : String(error) };
        throw error;
      })
      .finally(() => running.delete(key));
    // A recompute nobody awaits must not become an unhandled rejection.
    promise.catch((error: unknown) => options.onError?.(error));
    running.set(key, promise);
    return promise;
  }

  function monthly(tenantId: string, day: string): Promise<void> {
    return start(`derive:${tenantId}`, async () => {
      const started = now();
      // On the main connection, before the derive's snapshot: the summary it reads must match the lines it reads.
      await store.exclusive((db) => ensureOrderSummary(db, tenantId));
      const version = await store.background((db) => deriveTenant(db, tenantId, day, options.derive));
      await store.exclusive((db) => recordDerive(db, tenantId, { at: now(), ms: now() - started, version, asOf: day }));
    });
  }

  function weekly(tenantId: string, day: string): Promise<void> {
    return start(`weekly:${tenantId}`, async () => {
      await store.exclusive((db) => ensureOrderSummary(db, tenantId));
      const stamp = await store.background((db) => deriveWeekly(db, tenantId, day, options.derive.currency));
      await store.exclusive((db) => recordWeekly(db, tenantId, stamp));
    });
  }

  /** Makes sure the tenant's figures are recomputed when due; waits for it only as described above. */
  async function ready(tenantId: string, day: string, period: 'month' | 'week' = 'month'): Promise<Freshness> {
    const { need, weeklyStamp } = await store.exclusive(async (db) => ({ need: await deriveNeed(db, tenantId, day, now()), weeklyStamp: period === 'week' ? await weeklyNeed(db, tenantId, day) : undefined }));
    const waits = !need.last || !need.slow;
    if (need.needed) {
      const job = monthly(tenantId, day);
      if (waits) await job;
    }
    if (weeklyStamp) {
      const job = weekly(tenantId, day);
      if (waits) await job;
    }
    return freshness(tenantId, day);
  }

  async function freshness(tenantId: string, day: string): Promise<Freshness> {
    const last = await store.exclusive((db) => lastDerive(db, tenantId));
    return { asOf: last?.asOf ?? day, derivedAt: last ? new Date(last.at).toISOString() : null, deriving: running.has(`derive:${tenantId}`) || running.has(`weekly:${tenantId}`) };
  }

  return {
    ready,
    freshness,
    /** Resolves when no recompute is running (a rebuild swaps the base tables a recompute reads). */
    async settled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running.values()]);
    },
    lastError: () => lastError,
  };
}

export type Refresher = ReturnType<typeof createRefresher>;

/**
 * The analytics service: the store, its feed, and the questions the API asks of it. Every read of derived figures
 * first makes sure a recompute is under way when they are out of date (derive/refresh.ts: it runs in the
 * background; only small tenants' readers wait for it), then filters by what the caller may see, and says how
 * fresh the figures are (`derivedAt`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { fieldRule } from '../../../kernel/access-scope.ts';
import type { ActorContext } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { tenantState } from '../derive/derive.ts';
import { liveAsOf } from '../derive/as-of.ts';
import { storedFits } from '../derive/fits.ts';
import { createRefresher, type Freshness } from '../derive/refresh.ts';
import { createAnalyticsFeed } from '../store/feed.ts';
import { writeParquet, type ParquetTable } from '../store/parquet.ts';
import type { AnalyticsSources } from '../store/sources.ts';
import { getMeta, lazyAnalyticsStore, lit, type StoreConnection } from '../store/store.ts';
import type { CubeQuery, PersonAnalyticsQuery, SegmentCustomersQuery, SignalsQuery, Status } from './analytics.schema.ts';
import type { RfmSegment } from '../models/rfm.model.ts';
import { cubeOf } from './cube.query.ts';
import { audienceOf, signalsOf } from './lists.query.ts';
import { personAnalytics, prepareLifetimeFits } from './person.query.ts';
import { segmentCustomersOf } from './segment-customers.query.ts';
import { segmentsOf } from './segments.query.ts';
import { visiblePredicate } from './visibility.ts';

export type AnalyticsDeps = {
  db: Kysely<Record<never, never>>;
  sources: AnalyticsSources;
  /** Throws the directory's 404 when the person is missing or hidden from the caller. */
  personVisible: (ctx: ActorContext, personId: string) => Promise<void>;
  /** '' = in memory. */
  storePath: string;
  /** DuckDB's memory limit for the store (such as 4GB); '' or absent = DuckDB's default. */
  storeMemoryLimit?: string;
  discountRate: number;
  /** The currency of money figures (ISO 4217): lines in others are left out of them and counted (api/currency.ts). */
  currency: string;
  /** IANA time zone whose today live figures are as of. */
  timeZone: string;
  clock?: () => Date;
  /** A background recompute nobody waited for failed (derive/refresh.ts; also shown in /analytics/status). */
  onDeriveError?: (error: unknown) => void;
};

export function createAnalyticsService(deps: AnalyticsDeps) {
  const store = lazyAnalyticsStore({ path: deps.storePath || undefined, memoryLimit: deps.storeMemoryLimit || undefined });
  const feed = createAnalyticsFeed({ db: deps.db, store, sources: deps.sources });
  const clock = deps.clock ?? (() => new Date());
  const refresher = createRefresher({
    store,
    derive: { discountRate: deps.discountRate, currency: deps.currency },
    now: () => clock().getTime(),
    ...(deps.onDeriveError ? { onError: deps.onDeriveError } : {}),
  });
  /** Figures are as of the end of today in the tenant's time zone: a purchase made today already counts, recency 0. */
  const asOf = () => liveAsOf(deps.timeZone, clock());

  /**
   * Derived figures (recomputed first if due, see derive/refresh.ts), then `work` with the caller's visibility
   * predicate and the day those figures are as of; the answer says when they were derived.
   */
  async function read<T extends object>(ctx: ActorContext, work: (db: StoreConnection, visible: string, day: string) => Promise<T>, period: 'month' | 'week' = 'month', prepare?: (db: StoreConnection, day: string) => Promise<void>): Promise<T & { derivedAt: string | null }> {
    const visible = await visiblePredicate(ctx, deps.sources.directory.sharedOutsideOwners);
    const fresh: Freshness = await refresher.ready(ctx.tenantId, asOf(), period);
    // Slow preparation (a model fit) goes to the background connection, like the derive, so other reads go on.
    if (prepare) await store.background((db) => prepare(db, fresh.asOf));
    const result = await store.exclusive((db) => work(db, visible, fresh.asOf));
    return { ...result, derivedAt: fresh.derivedAt };
  }

  /** The base tables only (the cube): always current, no derived figures involved. */
  async function readBase<T>(ctx: ActorContext, work: (db: StoreConnection, visible: string) => Promise<T>): Promise<T> {
    const visible = await visiblePredicate(ctx, deps.sources.directory.sharedOutsideOwners);
    return store.exclusive((db) => work(db, visible));
  }

  async function status(ctx: ActorContext): Promise<Status> {
    const fresh = await refresher.freshness(ctx.tenantId, asOf());
    return store.exclusive(async (db) => {
      const t = lit(ctx.tenantId);
      const count = async (table: string) => Number((await db.one(`SELECT count(*)::BIGINT AS n FROM ${table} WHERE tenant_id = ${t}`))?.n ?? 0);
      const state = await tenantState(db, ctx.tenantId);
      const stamp = (value: string | null) => (value ? `${value.replace(' ', 'T')}Z` : null);
      return {
        orderLines: await count('order_lines'),
        customers: await count('customers'),
        products: await count('products'),
        lastEventSeq: Number((await getMeta(db, 'last_event_seq')) ?? 0),
        lastRebuildAt: stamp(state.lastRebuildAt),
        lastFeedAt: stamp(state.lastFeedAt),
        derivedAt: fresh.derivedAt,
        derivedAsOf: fresh.derivedAt ? fresh.asOf : null,
        deriving: fresh.deriving,
        lastDeriveError: refresher.lastError(),
        fits: (await storedFits(db, ctx.tenantId)).map((f) => ({ model: f.model, fittedAt: `${f.fitted_at.replace(' ', 'T')}Z`, customers: f.customers, logLikelihood: f.log_likelihood, params: JSON.parse(f.params) as Record<string, number> })),
      };
    });
  }

  /** One table as a Parquet file (the caller's tenant, visible customers only). */
  async function exportTable(ctx: ActorContext, table: ParquetTable): Promise<Buffer> {
    if (ctx.scope && !ctx.scope.isAdmin && !ctx.scope.canExport) throw new AppError('forbidden', 'ANALYTICS.EXPORT_FORBIDDEN', 'Exporting needs the export permission');
    const visible = await visiblePredicate(ctx, deps.sources.directory.sharedOutsideOwners);
    const dir = await mkdtemp(join(tmpdir(), 'guanxi-parquet-'));
    try {
      const file = join(dir, `${table}.parquet`);
      await store.exclusive((db) => writeParquet(db, table, file, { tenantId: ctx.tenantId, visible }));
      return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    feed,
    store,
    person: async (ctx: ActorContext, personId: string, query: PersonAnalyticsQuery) => {
      await deps.personVisible(ctx, personId);
      return read(ctx, (db, _visible, day) => personAnalytics(db, ctx.tenantId, personId, day, query, deps.discountRate, deps.currency), query.period, (db, day) => prepareLifetimeFits(db, ctx.tenantId, day, query.model, deps.currency));
    },
    segments: (ctx: ActorContext, period: 'month' | 'week') => read(ctx, (db, visible, day) => segmentsOf(db, ctx.tenantId, visible, day, period, deps.currency), period),
    segmentCustomers: (ctx: ActorContext, segment: RfmSegment, query: SegmentCustomersQuery) =>
      read(ctx, async (db, visible, day) => ({ ...(await segmentCustomersOf(db, ctx.tenantId, visible, day, segment, query)), currency: deps.currency }), query.period),
    // A role that hides addresses does not learn customers' provinces and cities from the cube either.
    cube: (ctx: ActorContext, query: CubeQuery) =>
      readBase(ctx, (db, visible) => cubeOf(db, ctx.tenantId, visible, query, deps.currency, { person: fieldRule(ctx.scope, 'person', 'addresses') === 'hidden', organisation: fieldRule(ctx.scope, 'organisation', 'addresses') === 'hidden' })),
    signals: (ctx: ActorContext, query: SignalsQuery) => read(ctx, async (db, visible, day) => ({ ...(await signalsOf(db, ctx.tenantId, visible, day, query)), currency: deps.currency })),
    audience: (ctx: ActorContext, productId: string, limit: number) => read(ctx, (db, visible) => audienceOf(db, ctx.tenantId, visible, productId, limit)),
    status,
    rebuild: async (ctx: ActorContext) => {
      // A recompute reads the base tables a rebuild drops and renames: let it finish first.
      await refresher.settled();
      await feed.rebuild([ctx.tenantId]);
      return status(ctx);
    },
    exportTable,
    close: async () => {
      await refresher.settled();
      await store.close();
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;

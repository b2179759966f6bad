/**
 * Keeps the store current from the outbox, and rebuilds it from the OLTP tables.
 *
 * DuckDB cannot join PostgreSQL's transaction, so the feed is not a platform consumer (whose position lives in
 * PostgreSQL): its watermark lives in the store and moves in the same DuckDB transaction as the changes it covers.
 * An event only says *what* changed; the feed then reads the current state of those records through the injected
 * sources and replaces them by key. Re-applying any event — after a crash between read and commit, or past a young
 * gap in `seq` — therefore gives the same store. Gaps are treated as the platform consumer does: the watermark
 * stops before a gap younger than `gapGraceMs` (a transaction still in flight), and passes it once it is older
 * (a rolled-back transaction never fills it).
 *
 * A rebuild writes every table afresh into `<table>_next` and swaps them in one transaction, so readers see either
 * the old store or the new one, never a half-built one.
 */
import { sql, type Kysely } from 'kysely';
import { commissionRow, customerRow, lineRow, productRow, replaceRows } from './load.ts';
import { markOrderSummaryCurrent, orderSummaryIsCurrent, refreshOrderSummary, writeOrderSummary } from './order-summary.ts';
import type { AnalyticsSources } from './sources.ts';
import { bumpDataVersion, createTableSql, getMeta, lit, setMeta, STORE_TABLES, uuidList, type AnalyticsStore, type StoreConnection, type StoreTable } from './store.ts';

type EventRow = { seq: string; tenantId: string; type: string; aggregateType: string; aggregateId: string; survivorId: string | null; young: boolean };

/** What a batch of events touched; `buyers` are people whose orders moved wholesale (a merge or un-merge). */
type Dirty = { orders: Set<string>; payables: Set<string>; products: Set<string>; person: Set<string>; organisation: Set<string>; buyers: Set<string>; allCustomers: boolean };

const WATERMARK = 'last_event_seq';
const PAGE = 5000;

export type FeedOptions = { db: Kysely<Record<never, never>>; store: AnalyticsStore; sources: AnalyticsSources; batchSize?: number; gapGraceMs?: number; onApplied?: () => void };

export function createAnalyticsFeed(options: FeedOptions) {
  const { db, store, sources } = options;
  const batchSize = options.batchSize ?? 1000;
  const gapGraceMs = options.gapGraceMs ?? 10_000;

  /** One batch of events; returns how many were read. A store that never had a watermark is rebuilt first. */
  async function tick(): Promise<number> {
    const known = await store.exclusive((s) => getMeta(s, WATERMARK));
    if (known === undefined) {
      await rebuildAll();
      return 0;
    }
    const watermark = Number(known);
    const { rows } = await sql<EventRow>`
      SELECT seq, tenant_id, type, aggregate_type, aggregate_id, payload->>'survivorId' AS survivor_id,
             occurred_at > clock_timestamp() - make_interval(secs => ${gapGraceMs / 1000}) AS young
      FROM events WHERE seq > ${watermark} ORDER BY seq LIMIT ${batchSize}`.execute(db);
    if (rows.length === 0) return 0;
    const byTenant = new Map<string, Dirty>();
    for (const row of rows) {
      const dirty = byTenant.get(row.tenantId) ?? { orders: new Set(), payables: new Set(), products: new Set(), person: new Set(), organisation: new Set(), buyers: new Set(), allCustomers: false };
      byTenant.set(row.tenantId, dirty);
      if (row.aggregateType === 'order') dirty.orders.add(row.aggregateId);
      else if (row.aggregateType === 'payable') dirty.payables.add(row.aggregateId);
      else if (row.aggregateType === 'product') dirty.products.add(row.aggregateId);
      else if (row.aggregateType === 'person') dirty.person.add(row.aggregateId);
      else if (row.aggregateType === 'organisation') dirty.organisation.add(row.aggregateId);
      // A handover moves many customers to a new owner without an event per customer.
      else if (row.type === 'access.handover.completed') dirty.allCustomers = true;
      // A merge (or its undoing) moves the orders of the merged person to the survivor (or back) in one event.
      if (row.type === 'identity.person.merged' || row.type === 'identity.person.unmerged') {
        dirty.buyers.add(row.aggregateId);
        if (row.survivorId) dirty.buyers.add(row.survivorId);
        if (row.survivorId) dirty.person.add(row.survivorId);
      }
    }
    // Read the current state in PostgreSQL first, then write the store in one short transaction.
    const changes = await Promise.all([...byTenant].map(async ([tenantId, dirty]) => ({ tenantId, dirty, state: await readState(tenantId, dirty) })));
    let next = watermark;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== next + 1 && row.young) break;
      next = seq;
    }
    await store.exclusive((s) =>
      s.transaction(async () => {
        for (const change of changes) await applyState(s, change.tenantId, change.dirty, change.state);
        if (next !== watermark) await setMeta(s, WATERMARK, String(next));
      }),
    );
    options.onApplied?.();
    return rows.length;
  }

  async function readState(tenantId: string, dirty: Dirty) {
    const orders = [...dirty.orders];
    const payables = [...dirty.payables];
    const customers = dirty.allCustomers ? await allCustomers(tenantId) : [
      ...(dirty.person.size ? await sources.directory.customers(tenantId, 'person', { ids: [...dirty.person] }) : []),
      ...(dirty.organisation.size ? await sources.directory.customers(tenantId, 'organisation', { ids: [...dirty.organisation] }) : []),
    ];
    return {
      lines: orders.length ? await sources.commerce.orderLines(tenantId, { orderIds: orders }) : [],
      buyerLines: dirty.buyers.size ? await sources.commerce.orderLines(tenantId, { personIds: [...dirty.buyers] }) : [],
      commissions: [
        ...(orders.length ? await sources.commerce.commissions(tenantId, { orderIds: orders }) : []),
        ...(payables.length ? await sources.commerce.commissions(tenantId, { payableIds: payables }) : []),
      ],
      products: dirty.products.size ? await sources.commerce.products(tenantId, [...dirty.products]) : [],
      customers,
    };
  }

  async function applyState(s: StoreConnection, tenantId: string, dirty: Dirty, state: Awaited<ReturnType<typeof readState>>) {
    const t = lit(tenantId);
    // Buyers' lines first, then the changed orders': an order in both is deleted by the second and written once.
    await replaceRows(s, 'order_lines', 'customer_id', tenantId, [...dirty.buyers], state.buyerLines.map((l) => lineRow(tenantId, l)));
    await replaceRows(s, 'order_lines', 'order_id', tenantId, [...dirty.orders], state.lines.map((l) => lineRow(tenantId, l)));
    await refreshOrderSummary(s, tenantId, { orderIds: [...dirty.orders], customerIds: [...dirty.buyers] });
    // Commissions: those of the changed orders and the changed payables go, and whatever is still live comes back.
    if (dirty.orders.size || dirty.payables.size) {
      await s.run(`DELETE FROM costs WHERE tenant_id = ${t} AND kind = 'commission' AND (order_id IN (${uuidList([...dirty.orders])}) OR cost_id IN (${uuidList([...dirty.payables])}))`);
      const unique = new Map(state.commissions.map((c) => [c.id, c]));
      if (unique.size) await s.append('costs', [...unique.values()].map((c) => commissionRow(tenantId, c)));
    }
    await replaceRows(s, 'products', 'product_id', tenantId, [...dirty.products], state.products.map((p) => productRow(tenantId, p)));
    if (dirty.allCustomers) await s.run(`DELETE FROM customers WHERE tenant_id = ${t}`);
    const customerIds = dirty.allCustomers ? [] : [...dirty.person, ...dirty.organisation];
    await replaceRows(s, 'customers', 'customer_id', tenantId, customerIds, state.customers.filter((c) => !c.deleted).map((c) => customerRow(tenantId, c)));
    // The summary is current only if it was before this batch (else the next derive recomputes it whole).
    const summaryWasCurrent = await orderSummaryIsCurrent(s, tenantId);
    await bumpDataVersion(s, tenantId, 'last_feed_at');
    if (summaryWasCurrent) await markOrderSummaryCurrent(s, tenantId);
  }

  async function allCustomers(tenantId: string) {
    const out = [];
    for (const kind of ['person', 'organisation'] as const) {
      for (let afterId: string | undefined; ; ) {
        const page = await sources.directory.customers(tenantId, kind, { afterId, limit: PAGE });
        out.push(...page);
        if (page.length < PAGE) break;
        afterId = page[page.length - 1]?.id;
      }
    }
    return out;
  }

  /**
   * Position to restart the feed from after a rebuild: everything up to the oldest event that might still belong
   * to a transaction in flight. Events after it are applied again later, which changes nothing already rebuilt.
   */
  async function safePosition(): Promise<number> {
    const { rows } = await sql<{ position: string }>`
      SELECT coalesce((SELECT min(seq) - 1 FROM events WHERE occurred_at > clock_timestamp() - make_interval(secs => ${gapGraceMs / 1000})),
                      (SELECT max(seq) FROM events), 0) AS position`.execute(db);
    return Number(rows[0]?.position ?? 0);
  }

  /** Rebuilds one tenant's rows from the OLTP tables, swapping the new tables in at once. */
  async function rebuild(tenantIds: readonly string[]): Promise<void> {
    const position = await safePosition();
    await store.exclusive(async (s) => {
      const keep = tenantIds.length ? `WHERE tenant_id NOT IN (${uuidList(tenantIds)})` : 'WHERE false';
      for (const table of Object.keys(STORE_TABLES) as StoreTable[]) {
        await s.run(`DROP TABLE IF EXISTS ${table}_next`);
        await s.run(createTableSql(`${table}_next`, STORE_TABLES[table]));
        await s.run(`INSERT INTO ${table}_next SELECT * FROM ${table} ${keep}`);
      }
      for (const tenantId of tenantIds) await loadTenant(s, tenantId);
      await s.transaction(async () => {
        for (const table of Object.keys(STORE_TABLES)) {
          await s.run(`DROP TABLE ${table}`);
          await s.run(`ALTER TABLE ${table}_next RENAME TO ${table}`);
        }
        for (const tenantId of tenantIds) {
          await bumpDataVersion(s, tenantId, 'last_rebuild_at');
          await markOrderSummaryCurrent(s, tenantId);
        }
        const current = await getMeta(s, WATERMARK);
        await setMeta(s, WATERMARK, String(current === undefined ? position : Math.min(Number(current), position)));
      });
    });
    options.onApplied?.();
  }

  async function loadTenant(s: StoreConnection, tenantId: string): Promise<void> {
    for (let afterId: string | undefined; ; ) {
      const page = await sources.commerce.orderLines(tenantId, { afterId, limit: PAGE });
      await s.append('order_lines_next', page.map((l) => lineRow(tenantId, l)));
      if (page.length < PAGE) break;
      afterId = page[page.length - 1]?.id;
    }
    await s.append('customers_next', (await allCustomers(tenantId)).map((c) => customerRow(tenantId, c)));
    await s.append('costs_next', (await sources.commerce.commissions(tenantId)).map((c) => commissionRow(tenantId, c)));
    await s.append('products_next', (await sources.commerce.products(tenantId)).map((p) => productRow(tenantId, p)));
    const lines = `(SELECT * FROM order_lines_next WHERE tenant_id = ${lit(tenantId)})`;
    await writeOrderSummary(s, tenantId, lines, { into: 'order_summary_next', keys: 'customer_keys_next' });
  }

  async function rebuildAll(): Promise<void> {
    const { rows } = await sql<{ id: string }>`SELECT id FROM tenants ORDER BY id`.execute(db);
    await rebuild(rows.map((row) => row.id));
  }

  // A rebuild and a feed batch never overlap: a batch reads state before it writes, and must not write state older
  // than what a rebuild just swapped in.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<A extends unknown[], T>(work: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return (...args: A) => {
      const next = queue.then(() => work(...args));
      queue = next.catch(() => undefined);
      return next;
    };
  }
  const serialTick = serial(tick);
  const serialRebuild = serial(rebuild);
  const serialRebuildAll = serial(rebuildAll);

  /** Reads until the outbox is exhausted (tests, and reads that want their own writes). */
  async function catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const before = await store.exclusive((s) => getMeta(s, WATERMARK));
      const read = await serialTick();
      total += read;
      const after = await store.exclusive((s) => getMeta(s, WATERMARK));
      if (read < batchSize || before === after) return total;
    }
  }

  function startPolling(intervalMs: number, onError?: (error: unknown) => void): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    let stopped = false;
    const timer = setInterval(() => {
      running = running.then(async () => (stopped ? undefined : serialTick())).catch((error: unknown) => onError?.(error));
    }, intervalMs);
    timer.unref();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  }

  return { tick: serialTick, catchUp, rebuild: serialRebuild, rebuildAll: serialRebuildAll, startPolling };
}

export type AnalyticsFeed = ReturnType<typeof createAnalyticsFeed>;

/**
 * The analytics store: one embedded DuckDB (a file beside the PGlite data, or in memory for tests) holding a
 * columnar copy of the purchase history, the customers with their owners, the costs to serve, and what is derived
 * from them (RFM history, fitted model parameters, per-customer scores).
 *
 * Two connections to the one database. Every short piece of work — the feed, a rebuild, the API's reads — runs
 * through `exclusive` on the first: they never interleave their statements (a DuckDB transaction belongs to its
 * connection, so two callers sharing one must not overlap). Recomputing the derived tables takes minutes on a large
 * tenant, so it runs through `background` on the second connection, inside one transaction: readers keep seeing the
 * previous figures (DuckDB's MVCC) until it commits, and they never queue behind it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckDb, type DuckSession } from '../files/duckdb.session.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Row = Record<string, Json>;

export const STORE_TABLES = {
  order_lines: `tenant_id VARCHAR NOT NULL, line_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
    ordered_on DATE NOT NULL, product_id VARCHAR, description VARCHAR NOT NULL, channel VARCHAR, region VARCHAR, store VARCHAR,
    quantity DOUBLE NOT NULL, gross DECIMAL(18,2) NOT NULL, discount DECIMAL(18,2) NOT NULL, net DECIMAL(18,2) NOT NULL, currency VARCHAR NOT NULL`,
  customers: `tenant_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, owner_id VARCHAR,
    province VARCHAR, city VARCHAR`,
  costs: `tenant_id VARCHAR NOT NULL, cost_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, order_id VARCHAR, kind VARCHAR NOT NULL,
    amount DECIMAL(18,2) NOT NULL, on_date DATE NOT NULL`,
  products: `tenant_id VARCHAR NOT NULL, product_id VARCHAR NOT NULL, sku VARCHAR, name VARCHAR NOT NULL, category VARCHAR`,
  // One row per order (per customer and currency): what RFM, the history and the fits count as a purchase. Kept
  // beside the lines by whoever writes them (see order-summary.ts) so that scoring reads a third of the rows and
  // skips the costliest step, grouping ten million lines by order.
  order_summary: `tenant_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, customer_key INTEGER NOT NULL,
    currency VARCHAR NOT NULL, ordered_on DATE NOT NULL, amount DOUBLE NOT NULL`,
  // A small integer per customer (per tenant), given the first time the customer's lines are summarised and never
  // changed: the order summary carries it, so scoring groups and sorts integers instead of UUID strings.
  customer_keys: `tenant_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, customer_key INTEGER NOT NULL`,
} as const;
export type StoreTable = keyof typeof STORE_TABLES;

/** Derived tables: recomputed from the base tables (see derive/), never fed directly. */
const DERIVED_TABLES = {
  rfm_history: `tenant_id VARCHAR NOT NULL, period VARCHAR NOT NULL, period_start DATE NOT NULL, customer_id VARCHAR NOT NULL,
    recency_days INTEGER NOT NULL, frequency INTEGER NOT NULL, monetary DOUBLE NOT NULL, r INTEGER NOT NULL, f INTEGER NOT NULL, m INTEGER NOT NULL, segment VARCHAR NOT NULL`,
  customer_scores: `tenant_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, as_of DATE NOT NULL, orders INTEGER NOT NULL,
    recency_days INTEGER NOT NULL, frequency INTEGER NOT NULL, monetary DOUBLE NOT NULL, r INTEGER NOT NULL, f INTEGER NOT NULL, m INTEGER NOT NULL,
    segment VARCHAR NOT NULL, previous_segment VARCHAR, p_alive DOUBLE, p_alive_before DOUBLE, expected_90 DOUBLE, expected_365 DOUBLE, expected_spend DOUBLE,
    clv DOUBLE, revenue DOUBLE NOT NULL, discounts DOUBLE NOT NULL, returns DOUBLE NOT NULL, commissions DOUBLE NOT NULL, service_cost DOUBLE NOT NULL,
    profit DOUBLE NOT NULL, value DOUBLE NOT NULL, tier VARCHAR NOT NULL, cumulative_share DOUBLE NOT NULL,
    churn VARCHAR NOT NULL, churn_score DOUBLE NOT NULL, preferences VARCHAR NOT NULL, preference_score DOUBLE NOT NULL`,
  model_fits: `tenant_id VARCHAR NOT NULL, model VARCHAR NOT NULL, fitted_at TIMESTAMP NOT NULL, customers INTEGER NOT NULL, lines_at_fit BIGINT NOT NULL,
    log_likelihood DOUBLE NOT NULL, params VARCHAR NOT NULL`,
  // The last attempt per model, fitted or not: parameters, or the failure as JSON ({ code, …numbers }, derive/fits.ts).
  fit_outcomes: `tenant_id VARCHAR NOT NULL, model VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL, customers INTEGER NOT NULL, lines BIGINT NOT NULL,
    outcome VARCHAR NOT NULL, params VARCHAR, log_likelihood DOUBLE, failure VARCHAR`,
  // What each period of rfm_history was derived from (derive/history.ts): the periods' order fingerprints, the day, the currency.
  history_inputs: `tenant_id VARCHAR NOT NULL, period VARCHAR NOT NULL, period_start DATE NOT NULL, orders BIGINT NOT NULL, fingerprint UBIGINT NOT NULL,
    as_of DATE NOT NULL, currency VARCHAR NOT NULL`,
  rules: `tenant_id VARCHAR NOT NULL, antecedent VARCHAR NOT NULL, consequent VARCHAR NOT NULL, support DOUBLE NOT NULL, confidence DOUBLE NOT NULL, lift DOUBLE NOT NULL`,
} as const;

/** Per-tenant bookkeeping: the data version moves with every change; derived tables remember the version they saw. */
const META_TABLES = {
  store_meta: `key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL`,
  tenant_state: `tenant_id VARCHAR PRIMARY KEY, data_version BIGINT NOT NULL, derived_version BIGINT NOT NULL, last_rebuild_at TIMESTAMP, last_feed_at TIMESTAMP`,
} as const;

export type AnalyticsStore = {
  /** Runs `work` alone on the main connection (queued behind any other such work). */
  exclusive<T>(work: (db: StoreConnection) => Promise<T>): Promise<T>;
  /** Runs `work` alone on the background connection (queued behind other background work, never behind `exclusive`). */
  background<T>(work: (db: StoreConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type StoreConnection = {
  run(sql: string, params?: Json[]): Promise<void>;
  all(sql: string, params?: Json[]): Promise<Row[]>;
  one(sql: string, params?: Json[]): Promise<Row | undefined>;
  /** BEGIN … COMMIT around `work`, ROLLBACK when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Appends rows (all values as text or null) into `table` through the appender, much faster than INSERTs. */
  append(table: string, rows: Iterable<readonly (string | number | null)[]>): Promise<number>;
};

export function createTableSql(name: string, columns: string, prefix = ''): string {
  return `CREATE ${prefix}TABLE IF NOT EXISTS ${name} (${columns})`;
}

export type StoreOptions = {
  /** undefined = in memory. */
  path?: string | undefined;
  /** DuckDB's memory_limit (such as '4GB'); beyond it sorts and aggregates spill to a temporary folder beside the file. */
  memoryLimit?: string | undefined;
};

/** Opens (or creates) the store. */
export async function openAnalyticsStore(options: StoreOptions = {}): Promise<AnalyticsStore> {
  const session: DuckSession = await openDuckDb({ ...(options.path ? { path: options.path } : {}), ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}) });
  const connection = wrap(session.connection);
  for (const [name, columns] of Object.entries({ ...STORE_TABLES, ...DERIVED_TABLES, ...META_TABLES })) await connection.run(createTableSql(name, columns));
  await upgradeLayout(connection);
  const backgroundConnection = wrap(await session.connect());
  let closed = false;
  const queued = (db: StoreConnection) => {
    let queue: Promise<unknown> = Promise.resolve();
    return {
      run<T>(work: (db: StoreConnection) => Promise<T>): Promise<T> {
        if (closed) return Promise.reject(new Error('the analytics store is closed'));
        const next = queue.then(() => work(db));
        queue = next.catch(() => undefined);
        return next;
      },
      idle: () => queue,
    };
  };
  const main = queued(connection);
  const side = queued(backgroundConnection);
  return {
    exclusive: main.run,
    background: side.run,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([main.idle(), side.idle()]);
      session.close();
    },
  };
}

/**
 * Brings a store file written by an older version to the current layout. Only tables that can be recomputed from
 * the others change shape: a store from before the customer keys has an order summary without them, so it is
 * dropped, created anew and marked stale — the next derive recomputes it from the lines (order-summary.ts).
 */
async function upgradeLayout(db: StoreConnection): Promise<void> {
  const keyed = await db.one(`SELECT count(*)::INTEGER AS n FROM duckdb_columns() WHERE table_name = 'order_summary' AND column_name = 'customer_key'`);
  if (Number(keyed?.n) > 0) return;
  await db.transaction(async () => {
    await db.run(`DROP TABLE order_summary`);
    await db.run(createTableSql('order_summary', STORE_TABLES.order_summary));
    await db.run(`DELETE FROM store_meta WHERE key LIKE 'order_summary:%'`);
  });
}

/** A store opened on first use, so a server that never asks for analytics never opens DuckDB. */
export function lazyAnalyticsStore(options: StoreOptions = {}): AnalyticsStore {
  let opened: Promise<AnalyticsStore> | undefined;
  let closed = false;
  return {
    exclusive(work) {
      if (closed) return Promise.reject(new Error('the analytics store is closed'));
      opened ??= openAnalyticsStore(options);
      return opened.then((store) => store.exclusive(work));
    },
    background(work) {
      if (closed) return Promise.reject(new Error('the analytics store is closed'));
      opened ??= openAnalyticsStore(options);
      return opened.then((store) => store.background(work));
    },
    async close() {
      closed = true;
      if (opened) await (await opened).close();
    },
  };
}

function wrap(c: DuckDBConnection): StoreConnection {
  const values = (params: Json[] | undefined) => params as Parameters<typeof c.run>[1];
  const self: StoreConnection = {
    async run(sql, params) {
      await c.run(sql, values(params));
    },
    async all(sql, params) {
      const reader = await c.runAndReadAll(sql, values(params));
      return reader.getRowObjectsJson() as Row[];
    },
    async one(sql, params) {
      return (await self.all(sql, params))[0];
    },
    async transaction(work) {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await work();
        await c.run('COMMIT');
        return result;
      } catch (error) {
        await c.run('ROLLBACK');
        throw error;
      }
    },
    async append(table, rows) {
      const appender = await c.createAppender(table);
      let count = 0;
      try {
        for (const row of rows) {
          for (const value of row) {
            if (value === null) appender.appendNull();
            else if (typeof value === 'number') appender.appendDouble(value);
            else appender.appendVarchar(value);
          }
          appender.endRow();
          count++;
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      return count;
    },
  };
  return self;
}

/** A SQL string literal for DuckDB. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Ids arrive as UUIDs from the access scope; anything else is refused before it reaches SQL. */
export function uuidList(ids: readonly string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return ids.length ? ids.map(lit).join(', ') : 'NULL';
}

export async function bumpDataVersion(db: StoreConnection, tenantId: string, stamp: 'last_feed_at' | 'last_rebuild_at'): Promise<void> {
  await db.run(
    `INSERT INTO tenant_state (tenant_id, data_version, derived_version, ${stamp}) VALUES ($1, 1, 0, now())
     ON CONFLICT (tenant_id) DO UPDATE SET data_version = tenant_state.data_version + 1, ${stamp} = now()`,
    [tenantId],
  );
}

export async function getMeta(db: StoreConnection, key: string): Promise<string | undefined> {
  const row = await db.one(`SELECT value FROM store_meta WHERE key = $1`, [key]);
  return row ? String(row.value) : undefined;
}

export async function setMeta(db: StoreConnection, key: string, value: string): Promise<void> {
  await db.run(`INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
}

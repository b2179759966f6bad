/**
 * One database handle over two engines: the embedded PGlite (default, data in a folder) or a PostgreSQL server.
 * Both are driven through node-postgres, so Kysely, the SQL and the type parsing are the same on each.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { patchCopy } from './copy.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';

// DATE stays a 'YYYY-MM-DD' string (a birthday has no time zone); int8 and numeric stay strings (no float money).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type DatabaseKind = 'pglite' | 'postgres';

// Column names are mapped (snake_case ↔ camelCase), but never the keys inside jsonb values: a custom field
// defined as vip_level must come back as vip_level.
const camelCase = new CamelCasePlugin({ maintainNestedObjectKeys: true });

/** Runs SQL text (several statements allowed) inside one transaction. */
export type ScriptRunner = {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
};

export type Database = {
  kind: DatabaseKind;
  /** Tables are typed per module with `db.withTables<ModuleTables>()`. */
  db: Kysely<Record<never, never>>;
  /** All-or-nothing execution of scripts (used by the migrator). */
  inScriptTransaction<T>(work: (runner: ScriptRunner) => Promise<T>): Promise<T>;
  /**
   * Hears NOTIFY on `channel` from every connection — other server processes included — until the returned stop
   * is called. After a lost connection is re-established `onNotify('')` is called once, since notifications sent
   * meanwhile were missed. PGlite is one process (nothing else can notify), so there it only returns a stop.
   */
  listen(channel: string, onNotify: (payload: string) => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'guanxi' });
  // An idle connection the server ends (a restart, an administrator's pg_terminate_backend, a dropped database)
  // is reported here; pg has already taken it out of the pool and the next checkout opens a fresh one. Without a
  // listener the event is an uncaught exception that ends the process.
  pool.on('error', () => undefined);
  // copyInto(…) statements become COPY … FROM STDIN on whichever connection runs them (see copy.ts).
  pool.on('connect', (client) => patchCopy(client));
  // Surface a wrong URL or a down server at start, not at the first request.
  const probe = await pool.connect().catch((error: unknown) => {
    throw new Error(`cannot connect to PostgreSQL (${redact(url)}): ${(error as Error).message}`);
  });
  probe.release();
  const db = new Kysely<Record<never, never>>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase] });
  return {
    kind: 'postgres',
    db,
    inScriptTransaction: (work) => inOneTransaction(pool, (client) => async (sql) => void (await client.query(sql)), work),
    listen: (channel, onNotify, onError) => listenPostgres(url, channel, onNotify, onError),
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ran a query through it; the migrator and raw scripts use the pool
      // directly, and a lingering connection keeps e.g. a template database busy.
      await pool.end().catch(() => undefined);
    },
  };
}

async function openPglite(options: { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory'; loadDataDir?: Blob }) {
  let lock: DirLock | undefined;
  let pglite: PGlite;
  if (options.kind === 'pglite') {
    mkdirSync(options.dataDir, { recursive: true });
    // PGlite has no cross-process lock: two processes on one folder silently diverge. Refuse instead.
    lock = acquireDirLock(join(options.dataDir, 'guanxi.lock'));
    try {
      // relaxedDurability: PGlite's file system is synced after a query returns rather than before (the lock
      // file keeps one writer); this makes single-row writes several times faster on disk.
      pglite = await PGlite.create(join(options.dataDir, 'pg'), { relaxedDurability: true });
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    pglite = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  // PGlite is one session: a pool of one keeps transactions from interleaving.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  pool.on('connect', (client) => patchCopy(client, pglite));
  const db = new Kysely<Record<never, never>>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase] });
  const database: Database & { pglite: PGlite } = {
    kind: 'pglite',
    db,
    pglite,
    // Statements go through PGlite's exec (several per call) while the pool's only connection is held, so a
    // Kysely query cannot slip in between them.
    inScriptTransaction: (work) => inOneTransaction(pool, () => async (sql) => void (await pglite.exec(sql)), work),
    listen: async () => async () => undefined,
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
  return database;
}

const RECONNECT_MS = 1000;

/** A dedicated connection (LISTEN holds it for ever, so never a pooled one), re-opened when it drops. */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onError?: (error: unknown) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`listen: "${channel}" is not a plain channel name`);
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const open = async (reconnecting: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'guanxi-listen' });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    next.on('error', (error) => {
      onError?.(error);
      scheduleReopen();
    });
    next.on('end', scheduleReopen);
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
    if (reconnecting) onNotify('');
  };
  function scheduleReopen(): void {
    if (stopped || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      open(true).catch((error: unknown) => {
        onError?.(error);
        scheduleReopen();
      });
    }, RECONNECT_MS);
    retry.unref();
  }

  await open(false);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error. `execOn` says how scripts run there. */
async function inOneTransaction<T>(pool: pg.Pool, execOn: (client: pg.PoolClient) => ScriptRunner['exec'], work: (runner: ScriptRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work({
      exec: execOn(client),
      query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The PGlite instance behind a database, for dumping test templates; undefined on PostgreSQL. */
export function pgliteOf(database: Database): PGlite | undefined {
  return (database as Database & { pglite?: PGlite }).pglite;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

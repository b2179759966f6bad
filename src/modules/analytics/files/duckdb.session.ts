/**
 * One embedded DuckDB per CLI run or benchmark. Extensions are never installed or auto-loaded: parquet and csv are
 * built in, and anything else should fail at once rather than try the network.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type DuckSession = {
  connection: DuckDBConnection;
  /** Another connection to the same database (the analytics store derives on one while it reads on the other). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
};

/** In memory by default; `path` opens (or creates) a database file — the analytics store. */
export async function openDuckDb(options: { path?: string; threads?: number; memoryLimit?: string } = {}): Promise<DuckSession> {
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    // Every result that needs an order says ORDER BY; without this DuckDB keeps scan order through aggregations
    // and writes, which costs time and memory on millions of lines.
    preserve_insertion_order: 'false',
  };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  const others: DuckDBConnection[] = [];
  return {
    connection,
    async connect() {
      const other = await instance.connect();
      others.push(other);
      return other;
    },
    close() {
      for (const other of others) other.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier (column names come from the user's flags). */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

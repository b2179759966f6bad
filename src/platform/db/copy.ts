/**
 * COPY … FROM STDIN through Kysely: `copyInto(table, columns, rows).execute(trxOrDb)` sends the rows in PostgreSQL's
 * text format on the executor's own connection, so it joins the caller's transaction like any other statement.
 *
 * How: the statement is compiled as `COPY t (c…) FROM STDIN $1` with one parameter, a CopyPayload. Every pooled
 * connection of a Database is patched once (patchCopy) so that such a query is not sent as a prepared statement but
 * as a COPY — on PostgreSQL with pg-copy-streams, on PGlite with its COPY from '/dev/blob' on the same (single)
 * session. Anything else passes through untouched. Bulk writes of imports use it: no placeholders, no per-row
 * parsing of a JSON document or of array literals on the server.
 */
import type { PGlite } from '@electric-sql/pglite';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One COPY's rows, already in PostgreSQL's text format (one line per row, tab between columns). */
export class CopyPayload {
  constructor(readonly text: string, readonly rows: number) {}
}

export type CopyValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value in COPY's text format: null → \N; a backslash, tab, newline or carriage return escaped; objects and
 * arrays as JSON (for jsonb columns; never for PostgreSQL array columns); dates as ISO 8601. A NUL character, which
 * PostgreSQL text cannot hold, is refused here with the column's name rather than by the server for the whole COPY.
 */
export function copyField(value: CopyValue, column = 'value'): string {
  try {
    return fieldText(value);
  } catch (error) {
    throw new Error(`COPY: ${column} ${(error as Error).message}`);
  }
}

function fieldText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new Error('contains a NUL character, which PostgreSQL text cannot store');
    return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`is not a finite number (${value})`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  // JSON text has its control characters escaped already (a NUL too, as \u0000): only backslashes to double.
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `COPY table (columns) FROM STDIN` with the rows as its data; each row has one value per column, in order. */
export function copyInto(table: string, columns: readonly string[], rows: ReadonlyArray<readonly CopyValue[]>): RawBuilder<unknown> {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`COPY: "${name}" is not a plain identifier`);
  const fields: string[] = new Array(rows.length * columns.length);
  let f = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly CopyValue[];
    if (row.length !== columns.length) throw new Error(`COPY into ${table}: row ${i + 1} has ${row.length} values for ${columns.length} columns`);
    for (let c = 0; c < row.length; c++) {
      let text: string;
      try {
        text = fieldText(row[c]);
      } catch (error) {
        throw new Error(`COPY: ${table}.${columns[c]} (row ${i + 1}) ${(error as Error).message}`);
      }
      fields[f++] = c === row.length - 1 ? `${text}\n` : `${text}\t`;
    }
  }
  const payload = new CopyPayload(fields.join(''), rows.length);
  return sql`${sql.raw(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)} ${payload}`;
}

const COPY_STATEMENT = /^(COPY [a-z_][a-z0-9_]* \([a-z0-9_, ]+\) FROM) STDIN \$1$/;

type QueryResultLike = { command: string; rowCount: number; rows: unknown[] };

/**
 * Makes a pooled connection understand copyInto's statements. `pglite`: the embedded database the connection talks
 * to (its COPY reads a blob on the same session, so it runs inside the connection's open transaction).
 */
export function patchCopy(client: pg.PoolClient | pg.Client, pglite?: PGlite): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const copy = async (statement: string, payload: CopyPayload): Promise<QueryResultLike> => {
    const match = COPY_STATEMENT.exec(statement);
    if (!match) throw new Error(`COPY: unexpected statement ${statement.slice(0, 80)}`);
    if (pglite) {
      if (payload.rows > 0) await pglite.query(`${match[1]} '/dev/blob'`, [], { blob: new Blob([payload.text]) });
      return { command: 'COPY', rowCount: payload.rows, rows: [] };
    }
    if (payload.rows === 0) return { command: 'COPY', rowCount: 0, rows: [] };
    const stream = original(copyFrom(`${match[1]} STDIN`)) as ReturnType<typeof copyFrom>;
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(Buffer.from(payload.text, 'utf8'));
    });
    return { command: 'COPY', rowCount: stream.rowCount, rows: [] };
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length === 1 && values[0] instanceof CopyPayload) return copy(text, values[0]);
    return original(...args);
  };
}

/**
 * Normalises the user's order-line columns into one relation (customer_id, at, order_id, amount, item) so every
 * analysis runs the same SQL whatever the file calls its columns.
 */
import { invalid } from '../../../kernel/index.ts';
import { sqlIdent, sqlString } from './duckdb.session.ts';

export type LineColumns = {
  customer: string;
  date: string;
  /** Line value; or give price (× quantity). */
  amount?: string;
  price?: string;
  /** When given, lines with quantity ≤ 0 (returns, cancellations) are dropped. */
  quantity?: string;
  /** Distinct orders count as purchases; without it each distinct timestamp is one purchase. */
  order?: string;
  item?: string;
  /** strptime format for text or integer dates (e.g. %Y%m%d). */
  dateFormat?: string;
};

const INTEGER_TYPES = new Set(['BIGINT', 'INTEGER', 'HUGEINT', 'UBIGINT', 'UINTEGER', 'SMALLINT']);

function dateExpression(column: string, type: string, format: string | undefined): string {
  const ident = sqlIdent(column);
  if (format) return `strptime(CAST(${ident} AS VARCHAR), ${sqlString(format)})`;
  if (INTEGER_TYPES.has(type)) return `strptime(CAST(${ident} AS VARCHAR), '%Y%m%d')`; // 19970101, as in CDNOW
  if (type === 'TIMESTAMP') return ident; // no cast: a projection over 10M rows is measurable
  return `CAST(${ident} AS TIMESTAMP)`;
}

/** The column as DOUBLE, without a cast when it already is one. */
function asDouble(column: string, type: string | undefined): string {
  return type === 'DOUBLE' ? sqlIdent(column) : `CAST(${sqlIdent(column)} AS DOUBLE)`;
}

/** Ids as text; a float column of whole numbers (CSV readers type `17850.0` as DOUBLE) loses its ".0". */
function idText(column: string, type: string): string {
  const ident = sqlIdent(column);
  if (type === 'DOUBLE' || type === 'FLOAT' || type.startsWith('DECIMAL')) {
    return `CASE WHEN ${ident} = trunc(${ident}) THEN CAST(CAST(${ident} AS BIGINT) AS VARCHAR) ELSE CAST(${ident} AS VARCHAR) END`;
  }
  return type === 'VARCHAR' ? ident : `CAST(${ident} AS VARCHAR)`;
}

/** SELECT producing customer_id, at, order_id, amount[, item] from the relation, dropping unusable rows. */
export function linesSql(relation: string, types: Map<string, string>, c: LineColumns): string {
  if (c.amount && c.price) throw invalid('ANALYTICS.BAD_FLAGS', 'give --amount-col or --price-col, not both');
  if (c.price && !c.quantity) throw invalid('ANALYTICS.BAD_FLAGS', '--price-col needs --quantity-col');
  const at = dateExpression(c.date, types.get(c.date) ?? 'VARCHAR', c.dateFormat);
  const amount = c.amount
    ? asDouble(c.amount, types.get(c.amount))
    : c.price && c.quantity
      ? `${asDouble(c.price, types.get(c.price))} * ${asDouble(c.quantity, types.get(c.quantity))}`
      : '0.0';
  const order = c.order ? idText(c.order, types.get(c.order) ?? 'VARCHAR') : at;
  const item = c.item ? `, CAST(${sqlIdent(c.item)} AS VARCHAR) AS item` : '';
  const filters = [`${sqlIdent(c.customer)} IS NOT NULL`, `${sqlIdent(c.date)} IS NOT NULL`];
  if (c.quantity) filters.push(`${sqlIdent(c.quantity)} > 0`);
  if (c.item) filters.push(`${sqlIdent(c.item)} IS NOT NULL`);
  return `SELECT ${idText(c.customer, types.get(c.customer) ?? 'VARCHAR')} AS customer_id, ${at} AS purchased_at, ${order} AS order_id, ${amount} AS amount${item}
    FROM ${relation} WHERE ${filters.join(' AND ')}`;
}

/** Rewrites DuckDB's conversion errors so they name the flag and column that held the bad value. */
export function explainConversion(error: unknown, c: LineColumns, path: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/Conversion Error|Could not convert|Could not parse/i.test(message)) {
    const detail = message.split('\n')[0] ?? message;
    return invalid(
      'ANALYTICS.BAD_VALUE',
      `${path}: a value could not be read (date column "${c.date}"${c.dateFormat ? ` with --date-format ${c.dateFormat}` : ''}, amount column "${c.amount ?? c.price ?? '-'}"): ${detail}`,
      { path },
    );
  }
  return error instanceof Error ? error : new Error(message);
}

/**
 * Keyset pagination over any sort expression, nulls last, ties broken by id. Shared by people and organisations.
 */
import { sql, type RawBuilder } from 'kysely';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import type { CustomField } from './custom-field.schema.ts';
import { directoryErrors } from './directory.errors.ts';

export type SortSpec = { expression: RawBuilder<unknown>; descending: boolean; valueOf: (row: Record<string, unknown>) => string | number | boolean | null };

const COLUMN_SORTS: Record<string, { column: string; field: string }> = {
  name: { column: 'name_pinyin', field: 'namePinyin' },
  createdAt: { column: 'created_at', field: 'createdAt' },
  updatedAt: { column: 'updated_at', field: 'updatedAt' },
  birthday: { column: 'birthday', field: 'birthday' },
};

function customExpression(def: CustomField): RawBuilder<unknown> {
  switch (def.type) {
    case 'number':
      return sql`(custom->>${def.key})::numeric`;
    case 'boolean':
      return sql`(custom->>${def.key})::boolean`;
    case 'money':
      return sql`(custom->${def.key}->>'amount')::numeric`;
    default:
      return sql`(custom->>${def.key})`;
  }
}

export function sortSpec(sort: string, allowed: readonly string[], definitions: CustomField[]): SortSpec {
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  if (key.startsWith('custom.')) {
    const def = definitions.find((d) => d.key === key.slice(7));
    if (!def || def.type === 'multi_select') throw directoryErrors.unknownSort(sort);
    return {
      expression: customExpression(def),
      descending,
      valueOf: (row) => {
        const custom = row.custom as Record<string, unknown>;
        const value = def.type === 'money' ? (custom[def.key] as { amount?: string } | undefined)?.amount : custom[def.key];
        return value === undefined ? null : (value as string | number | boolean);
      },
    };
  }
  const column = allowed.includes(key) ? COLUMN_SORTS[key] : undefined;
  if (!column) throw directoryErrors.unknownSort(sort);
  return {
    expression: sql.ref(column.column),
    descending,
    valueOf: (row) => {
      const value = row[column.field];
      return value instanceof Date ? value.toISOString() : ((value ?? null) as string | null);
    },
  };
}

/** WHERE fragment selecting rows after the cursor, consistent with `ORDER BY expr [DESC] NULLS LAST, id`. */
export function afterCursor(spec: SortSpec, cursorText: string | undefined): RawBuilder<boolean> | undefined {
  if (!cursorText) return undefined;
  const cursor = decodeCursor(cursorText);
  const idOp = sql.raw(spec.descending ? '<' : '>');
  if (cursor.value === null) return sql<boolean>`(${spec.expression} IS NULL AND id ${idOp} ${cursor.id})`;
  const valueOp = sql.raw(spec.descending ? '<' : '>');
  return sql<boolean>`(${spec.expression} ${valueOp} ${cursor.value} OR (${spec.expression} = ${cursor.value} AND id ${idOp} ${cursor.id}) OR ${spec.expression} IS NULL)`;
}

export function orderBy(spec: SortSpec): RawBuilder<unknown> {
  const direction = sql.raw(spec.descending ? 'DESC' : 'ASC');
  return sql`${spec.expression} ${direction} NULLS LAST, id ${direction}`;
}

export function nextCursor<T extends Record<string, unknown>>(rows: T[], limit: number, spec: SortSpec): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1] as T;
  return encodeCursor({ value: spec.valueOf(last), id: last.id as string });
}

const FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
const SQL_OPS: Record<(typeof FILTER_OPS)[number], string> = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', contains: 'ILIKE' };

/** `key:op:value` → a typed SQL condition on the custom jsonb column. */
export function customFilter(filter: string, definitions: CustomField[]): RawBuilder<boolean> {
  const [key = '', op = '', ...rest] = filter.split(':');
  const value = rest.join(':');
  const def = definitions.find((d) => d.key === key);
  if (!def) throw directoryErrors.badCustomFilter(filter, `names no custom field "${key}"`);
  if (!(FILTER_OPS as readonly string[]).includes(op)) throw directoryErrors.badCustomFilter(filter, `has operator "${op}"; use one of ${FILTER_OPS.join(', ')}`);
  const operator = op as (typeof FILTER_OPS)[number];
  if (def.type === 'multi_select') {
    if (operator !== 'contains' && operator !== 'eq') throw directoryErrors.badCustomFilter(filter, 'on a multi-select field takes eq or contains');
    return sql<boolean>`(custom->${key}) @> ${JSON.stringify([value])}::jsonb`;
  }
  if (operator === 'contains') {
    if (def.type !== 'text') throw directoryErrors.badCustomFilter(filter, 'contains works on text fields');
    return sql<boolean>`(custom->>${key}) ILIKE ${`%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  }
  const numeric = def.type === 'number' || def.type === 'money';
  if (numeric && !/^-?\d{1,15}(\.\d{1,6})?$/.test(value)) throw directoryErrors.badCustomFilter(filter, 'needs a number');
  if (def.type === 'boolean' && value !== 'true' && value !== 'false') throw directoryErrors.badCustomFilter(filter, 'needs true or false');
  const sqlOp = sql.raw(SQL_OPS[operator]);
  const param = def.type === 'boolean' ? value === 'true' : value;
  return sql<boolean>`${customExpression(def)} ${sqlOp} ${param}`;
}

/**
 * Custom-field filters of the people list ↔ the API's `cf=key:op:value` parameters. One value per field, shaped by
 * its type: text contains, number/money/date ranges, select one, multi-select all of, yes/no.
 */
import type { CustomField } from '../../../api/client.ts';

export type CustomFilterValue =
  | { kind: 'text'; contains: string }
  | { kind: 'range'; from?: string; to?: string }
  | { kind: 'choice'; values: string[] }
  | { kind: 'boolean'; value: boolean };

export type CustomFilters = Record<string, CustomFilterValue>;

/** Fields that can be filtered (a reference holds an id nobody types). */
export const filterable = (fields: CustomField[]) => fields.filter((f) => f.type !== 'reference');

export function toCf(filters: CustomFilters, fields: CustomField[]): string[] {
  const out: string[] = [];
  for (const field of filterable(fields)) {
    const value = filters[field.key];
    if (!value) continue;
    const key = field.key;
    if (value.kind === 'text' && value.contains.trim()) out.push(`${key}:contains:${value.contains.trim()}`);
    if (value.kind === 'range') {
      if (value.from) out.push(`${key}:gte:${value.from}`);
      if (value.to) out.push(`${key}:lte:${value.to}`);
    }
    if (value.kind === 'choice') {
      // A multi-select row must hold every chosen option; a select is one value, so one option at most.
      for (const option of field.type === 'multi_select' ? value.values : value.values.slice(0, 1)) out.push(`${key}:${field.type === 'multi_select' ? 'contains' : 'eq'}:${option}`);
    }
    if (value.kind === 'boolean') out.push(`${key}:eq:${value.value}`);
  }
  return out;
}

/** Reads `cf` parameters (from a saved view, say) back into per-field values; unknown fields are dropped. */
export function fromCf(cf: string[] | undefined, fields: CustomField[]): CustomFilters {
  const out: CustomFilters = {};
  for (const filter of cf ?? []) {
    const [key = '', op = '', ...rest] = filter.split(':');
    const value = rest.join(':');
    const field = fields.find((f) => f.key === key);
    if (!field) continue;
    const current = out[key];
    if (field.type === 'text' && op === 'contains') out[key] = { kind: 'text', contains: value };
    else if ((field.type === 'number' || field.type === 'money' || field.type === 'date') && (op === 'gte' || op === 'lte')) {
      const range = current?.kind === 'range' ? current : { kind: 'range' as const };
      out[key] = op === 'gte' ? { ...range, from: value } : { ...range, to: value };
    } else if ((field.type === 'select' && op === 'eq') || (field.type === 'multi_select' && (op === 'contains' || op === 'eq'))) {
      out[key] = { kind: 'choice', values: [...(current?.kind === 'choice' ? current.values : []), value] };
    } else if (field.type === 'boolean' && op === 'eq') out[key] = { kind: 'boolean', value: value === 'true' };
  }
  return out;
}

/** A range whose ends are the wrong way round is refused before it reaches the server. */
export function badRanges(filters: CustomFilters, fields: CustomField[]): string[] {
  return filterable(fields).filter((field) => {
    const value = filters[field.key];
    if (value?.kind !== 'range' || !value.from || !value.to) return false;
    return field.type === 'date' ? value.from > value.to : Number(value.from) > Number(value.to);
  }).map((field) => field.key);
}

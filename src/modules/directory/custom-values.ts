/** Checks custom field values against their definitions: a 400 that names `custom.<key>` for every problem. */
import { AppError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { isoDate } from '../../kernel/schema.ts';
import type { CustomField } from './custom-field.schema.ts';

type Problem = { field: string; message: string };

const MONEY_AMOUNT = /^-?\d{1,15}(\.\d{1,4})?$/;

function checkValue(def: CustomField, value: unknown): string | null {
  const optionValues = new Set(def.options.map((o) => o.value));
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 && !value.includes('\u0000') ? null : 'must be text of at most 2000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1e15 ? null : 'must be a number between -1e15 and 1e15';
    case 'date':
      return isoDate.safeParse(value).success ? null : 'must be a date written YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'select':
      return typeof value === 'string' && optionValues.has(value) ? null : `must be one of: ${[...optionValues].join(', ')}`;
    case 'multi_select':
      return Array.isArray(value) && value.length <= 50 && value.every((v) => typeof v === 'string' && optionValues.has(v)) && new Set(value).size === value.length
        ? null
        : `must be a list of distinct values from: ${[...optionValues].join(', ')}`;
    case 'money': {
      const money = value as { amount?: unknown; currency?: unknown } | null;
      const ok =
        typeof money === 'object' && money !== null && Object.keys(money).every((k) => k === 'amount' || k === 'currency') &&
        typeof money.amount === 'string' && MONEY_AMOUNT.test(money.amount) && typeof money.currency === 'string' && /^[A-Z]{3}$/.test(money.currency);
      return ok ? null : 'must be { "amount": "1234.50", "currency": "CNY" } (amount as a decimal string, ISO currency)';
    }
    case 'reference':
      return typeof value === 'string' && isUuid(value) ? null : `must be the id of a ${def.referenceType ?? 'record'}`;
  }
}

/**
 * Merges `input` into `current` (null clears a key) and validates the result. Returns the new values and the
 * references that must exist (checked by the caller against the database).
 */
export function applyCustomValues(
  definitions: CustomField[],
  current: Record<string, unknown>,
  input: Record<string, unknown> | undefined,
  isCreate: boolean,
): { values: Record<string, unknown>; references: Array<{ key: string; type: 'person' | 'organisation'; id: string }> } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const problems: Problem[] = [];
  const values: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    if (!def) {
      problems.push({ field: `custom.${key}`, message: 'no custom field with this key is defined' });
      continue;
    }
    if (value === null) {
      delete values[key];
      continue;
    }
    const message = checkValue(def, value);
    if (message) problems.push({ field: `custom.${key}`, message });
    else values[key] = value;
  }
  if (isCreate || input) {
    for (const def of definitions) {
      if (def.required && (values[def.key] === undefined || values[def.key] === '')) {
        problems.push({ field: `custom.${def.key}`, message: 'is required' });
      }
    }
  }
  if (problems.length > 0) {
    const first = problems[0] as Problem;
    throw new AppError('invalid', 'DIRECTORY.CUSTOM_FIELD_INVALID', `${first.field}: ${first.message}`, { issues: problems });
  }
  const references = definitions
    .filter((d) => d.type === 'reference' && typeof values[d.key] === 'string' && input && d.key in input)
    .map((d) => ({ key: d.key, type: d.referenceType ?? 'person', id: values[d.key] as string }));
  return { values, references };
}

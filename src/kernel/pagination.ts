/** Opaque keyset cursors: base64url JSON of the last row's sort value and id. */
import { AppError } from './errors.ts';

export type Cursor = { value: string | number | boolean | null; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value: value as Cursor['value'], id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid', 'REQUEST.BAD_CURSOR', 'cursor: not a cursor this API produced', { field: 'cursor' });
}

/** zod building blocks shared by every module: text the database will accept, dates, ids, pagination. */
import { z } from 'zod';

/** Text without U+0000 (PostgreSQL refuses it) and within bounds; trimmed. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain the NUL character');

export const optionalText = (max: number) => text(max).nullish().transform((value) => (value === '' ? null : value ?? null));

/** A calendar date, YYYY-MM-DD, that exists (no 2024-02-30), between years 1800 and 2200. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    const year = date.getUTCFullYear();
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && year >= 1800 && year <= 2200;
  }, 'is not a real calendar date');

export const idParams = z.strictObject({ id: z.uuid() });

export const limitParam = z.coerce.number().int().min(1).max(100).default(25);
export const cursorParam = z.string().max(500).optional();

/** A query-string value given once or repeated (?tag=a&tag=b). */
export const repeated = <T extends z.ZodType>(item: T, max = 20) =>
  z.preprocess((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]), z.array(item).max(max).optional());

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
    })
    .meta({ id });

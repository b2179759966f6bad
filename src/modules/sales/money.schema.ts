/** Money on the wire: decimal strings (never floats) with at most two decimals, and ISO-4217 currency codes. */
import { z } from 'zod';

export const moneyInput = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'a decimal amount with at most 16 digits and 2 decimals, e.g. "12500.00"'))
  .describe('Decimal string such as "12500.00" (numbers are accepted and read as written)');

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO-4217 code such as CNY, USD, HKD').describe('ISO-4217');

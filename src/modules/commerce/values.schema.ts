/** Decimal inputs as strings (numbers accepted and read as written): money, prices, quantities, percentages. */
import { z } from 'zod';

const decimal = (intDigits: number, decimals: number, what: string, signed = false) =>
  z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(new RegExp(`^${signed ? '-?' : ''}\\d{1,${intDigits}}(\\.\\d{1,${decimals}})?$`), `${what}: a decimal with at most ${intDigits} digits and ${decimals} decimals`));

export const money = decimal(16, 2, 'amount').describe('Decimal string, 2 decimals, e.g. "12500.00"');
export const unitPrice = decimal(14, 4, 'unit price').describe('Decimal string, up to 4 decimals');
export const quantity = decimal(14, 3, 'quantity').refine((v) => Number(v) > 0, 'must be more than 0').describe('Decimal string, up to 3 decimals, > 0');
export const percent = decimal(3, 2, 'percentage').refine((v) => Number(v) <= 100, 'at most 100').describe('Per cent, 0–100, 2 decimals');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO-4217 code such as CNY').describe('ISO-4217');

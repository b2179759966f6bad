/**
 * The checks of one order-import row that need no database: dates, numbers, codes, and which natural key names
 * the customer. Each answer is the reason a row is rejected, naming the column and the value.
 */
import type { RawRow } from './order-rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dec = (int: number, frac: number) => new RegExp(`^\\d{1,${int}}(\\.\\d{1,${frac}})?$`);

/** How the row names its customer: an id, or a natural key looked up in the directory. */
export type CustomerRef = { kind: 'organisationId' | 'personId' | 'code' | 'phone' | 'email'; value: string };

/** The first customer column given, in order of precedence: ids, then customer code, phone, e-mail. */
export function customerRefOf(values: Record<string, string>): CustomerRef | null {
  if (values.organisationId) return { kind: 'organisationId', value: values.organisationId };
  if (values.personId) return { kind: 'personId', value: values.personId };
  if (values.customerCode) return { kind: 'code', value: values.customerCode };
  if (values.phone) return { kind: 'phone', value: values.phone };
  if (values.email) return { kind: 'email', value: values.email };
  return null;
}

export const COLUMN_OF: Record<CustomerRef['kind'], string> = { organisationId: 'organisation_id', personId: 'person_id', code: 'customer_code', phone: 'phone', email: 'email' };

export function checkRow(row: RawRow): string | null {
  const v = row.values;
  if (!v.orderedOn || !DATE.test(v.orderedOn) || Number.isNaN(Date.parse(`${v.orderedOn}T00:00:00Z`)) || new Date(`${v.orderedOn}T00:00:00Z`).toISOString().slice(0, 10) !== v.orderedOn) return `ordered_on: "${v.orderedOn ?? ''}" is not a date written YYYY-MM-DD`;
  const customer = customerRefOf(v);
  if (!customer) return 'no customer: give organisation_id, person_id, customer_code, phone or email';
  if ((customer.kind === 'organisationId' || customer.kind === 'personId') && !UUID.test(customer.value)) return `${COLUMN_OF[customer.kind]}: "${customer.value}" is not an id`;
  if (!v.quantity || !dec(14, 3).test(v.quantity) || Number(v.quantity) <= 0) return `quantity: "${v.quantity ?? ''}" is not a positive number (at most 3 decimals)`;
  if (v.unitPrice && !dec(14, 4).test(v.unitPrice)) return `unit_price: "${v.unitPrice}" is not a price (at most 4 decimals)`;
  if (!v.unitPrice && !v.sku && !v.description) return 'unit_price: give the price, or a product whose list price applies';
  if (v.discountPercent && (!dec(3, 2).test(v.discountPercent) || Number(v.discountPercent) > 100)) return `discount_percent: "${v.discountPercent}" is not a percentage 0–100`;
  if (v.taxRate && (!dec(3, 2).test(v.taxRate) || Number(v.taxRate) > 100)) return `tax_rate: "${v.taxRate}" is not a percentage 0–100`;
  if (v.currency && !/^[A-Z]{3}$/.test(v.currency)) return `currency: "${v.currency}" is not an ISO-4217 code`;
  if (v.sku && !/^[A-Za-z0-9._\-/]{1,60}$/.test(v.sku)) return `sku: "${v.sku}" is not a SKU (letters, digits and . _ - /, at most 60)`;
  if (!v.sku && !v.description) return 'give a sku or a product name';
  for (const [key, value] of Object.entries(v)) if (value.length > 500 || value.includes('\u0000')) return `${key}: too long or contains NUL`;
  return null;
}

/** Every line of one order must agree on what belongs to the order. */
export function sameOrder(a: Record<string, string>, b: Record<string, string>): boolean {
  const ref = (v: Record<string, string>) => JSON.stringify(customerRefOf(v));
  return (a.orderedOn ?? '') === (b.orderedOn ?? '') && ref(a) === ref(b) && (a.currency ?? '') === (b.currency ?? '');
}

/**
 * Exact decimal money arithmetic on strings (BigInt underneath), never floats.
 *
 * The rounding rule, per line: gross = round2(quantity × unit price); discount = round2(gross × discount% / 100);
 * net = gross − discount; tax = round2(net × tax rate / 100); total = net + tax. round2 is half-up (half away
 * from zero) to 2 decimals. A document's subtotal, discount, tax and total are the SUMS OF THE ROUNDED LINES, so
 * the printed lines always add up to the printed total.
 */
type Dec = { units: bigint; scale: number };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Dec {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  return { units, scale: fraction.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function align(a: Dec, scale: number): bigint {
  return a.units * pow10(scale - a.scale);
}

export function mul(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function div100(a: Dec): Dec {
  return { units: a.units, scale: a.scale + 2 };
}

/** Half-up (away from zero) to `digits` decimals. */
export function round(a: Dec, digits = 2): Dec {
  if (a.scale <= digits) return { units: align(a, digits), scale: digits };
  const factor = pow10(a.scale - digits);
  const negative = a.units < 0n;
  const abs = negative ? -a.units : a.units;
  let q = abs / factor;
  if ((abs % factor) * 2n >= factor) q += 1n;
  return { units: negative ? -q : q, scale: digits };
}

export function add(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: align(a, scale) + align(b, scale), scale };
}

export function sub(a: Dec, b: Dec): Dec {
  return add(a, { units: -b.units, scale: b.scale });
}

export function compare(a: Dec, b: Dec): number {
  const scale = Math.max(a.scale, b.scale);
  const d = align(a, scale) - align(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function format(a: Dec, digits = 2): string {
  const r = round(a, digits);
  const negative = r.units < 0n;
  const text = (negative ? -r.units : r.units).toString().padStart(digits + 1, '0');
  const body = digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative && r.units !== 0n ? `-${body}` : body;
}

export const ZERO: Dec = { units: 0n, scale: 0 };

export type LineInput = { quantity: string; unitPrice: string; discountPercent?: string | undefined; taxRate?: string | undefined };
export type LineAmounts = { grossAmount: string; discountAmount: string; netAmount: string; taxAmount: string; totalAmount: string };

export function priceLine(line: LineInput): LineAmounts {
  const gross = round(mul(parseDecimal(line.quantity), parseDecimal(line.unitPrice)));
  const discount = round(div100(mul(gross, parseDecimal(line.discountPercent ?? '0'))));
  const net = sub(gross, discount);
  const tax = round(div100(mul(net, parseDecimal(line.taxRate ?? '0'))));
  return { grossAmount: format(gross), discountAmount: format(discount), netAmount: format(net), taxAmount: format(tax), totalAmount: format(add(net, tax)) };
}

export type DocumentTotals = { subtotal: string; discountTotal: string; taxTotal: string; total: string };

/** Totals are sums of the already-rounded lines (never re-rounded from unrounded figures). */
export function totalsOf(lines: LineAmounts[]): DocumentTotals {
  const sum = (pick: (l: LineAmounts) => string) => format(lines.reduce((acc, l) => add(acc, parseDecimal(pick(l))), ZERO));
  return { subtotal: sum((l) => l.grossAmount), discountTotal: sum((l) => l.discountAmount), taxTotal: sum((l) => l.taxAmount), total: sum((l) => l.totalAmount) };
}

/** Money from the analytics API in the app's locale formatting; a currency the formatter does not know is shown with its code. */
import { CURRENCIES, type Currency, type Formatters } from '../../../i18n/format.ts';

export function isCurrency(code: string): code is Currency {
  return (CURRENCIES as readonly string[]).includes(code);
}

export function formatMoney(format: Formatters, amount: number | string, currency: string): string {
  if (isCurrency(currency)) return format.money(amount, currency);
  return `${format.number(Number(amount))} ${currency}`;
}

/** 0.734 → "73 %" in the locale's own percent style. */
export function formatPercent(locale: string, share: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
}

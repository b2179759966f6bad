/** Locale-aware dates, numbers and money through Intl, following the UI language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export const CURRENCIES = ['CNY', 'TWD', 'HKD', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export type Formatters = {
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
  number: (value: number) => string;
  money: (amount: number | string, currency: Currency) => string;
};

export function formatters(locale: string): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    // Calendar dates (YYYY-MM-DD) have no time zone: format them in UTC so they never shift a day.
    date: (value) => (value ? dateFormat.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)) : ''),
    dateTime: (value) => (value ? dateTimeFormat.format(new Date(value)) : ''),
    number: (value) => numberFormat.format(value),
    money: (amount, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount)),
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language), [i18n.language]);
}

/** Money and durations as the sales and commerce pages show them (the server sends decimal strings). */
import type { Currency, Formatters } from '../../../i18n/format.ts';

/** A decimal string in its currency, in the UI language; any ISO code works (Intl knows them all). */
export function money(format: Formatters, amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return format.money(amount, currency as Currency);
}

/** Whole days, or hours under a day — how long a card has been in its stage. */
export function durationParts(seconds: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  if (seconds >= 86_400) return { unit: 'days', count: Math.floor(seconds / 86_400) };
  if (seconds >= 3_600) return { unit: 'hours', count: Math.floor(seconds / 3_600) };
  return { unit: 'minutes', count: Math.max(0, Math.floor(seconds / 60)) };
}

export function secondsSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
}

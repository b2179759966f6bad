/**
 * The column choice of the people list, kept in this browser; and the saved views it kept here before they moved to
 * the server (read once by api/views.ts, which moves them).
 */
import type { PersonFilters } from '../api/people.ts';

export type LocalView = { name: string; filters: PersonFilters; columns: string[] };

const KEY = 'guanxi.people.views';

export function loadLocalViews(): LocalView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is LocalView => typeof v === 'object' && v !== null && typeof (v as LocalView).name === 'string' && Array.isArray((v as LocalView).columns)) : [];
  } catch {
    return []; // a corrupt entry must not break the page
  }
}

/** Drops the moved views; those the server refused are set aside under another key (not retried, not lost). */
export function forgetLocalViews(refused: LocalView[]): void {
  if (refused.length > 0) localStorage.setItem(`${KEY}.refused`, JSON.stringify(refused));
  localStorage.removeItem(KEY);
}

const COLUMNS_KEY = 'guanxi.people.columns';

export function loadColumns(fallback: string[]): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : fallback;
  } catch {
    return fallback;
  }
}

export function saveColumns(columns: string[]): void {
  localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
}

/** Saved views of the people list (filters, sort, visible columns), kept in this browser's localStorage. */
import type { PersonFilters } from '../api/people.ts';

export type SavedView = { name: string; filters: PersonFilters; columns: string[] };

const KEY = 'guanxi.people.views';

export function loadViews(): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedView => typeof v === 'object' && v !== null && typeof (v as SavedView).name === 'string') : [];
  } catch {
    return []; // a corrupt entry must not break the page
  }
}

export function saveViews(views: SavedView[]): void {
  localStorage.setItem(KEY, JSON.stringify(views));
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

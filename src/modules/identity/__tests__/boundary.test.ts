import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The directory's tables (and the outbox) are reached through the directory's index (PersonReads), never by SQL.
const FOREIGN_TABLES = ['people', 'events', 'memberships', 'family_members', 'key_dates', 'consents', 'search_terms', 'organisations'];

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourcesOf(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('identity module boundary', () => {
  it('queries no other module’s table', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const offences = sourcesOf(root).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return FOREIGN_TABLES.filter((table) => new RegExp(`\\b(FROM|JOIN|UPDATE|INTO)\\s+${table}\\b`, 'i').test(text)).map((table) => `${file}: ${table}`);
    });
    expect(offences).toEqual([]);
  });
});

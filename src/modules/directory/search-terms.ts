/**
 * What a record can be found by. Prefix search over these terms gives substring search where it matters:
 * every suffix of a Han name (伟 finds 张伟), every syllable-boundary suffix of its pinyin and initials, every
 * suffix of at least four digits of each phone, and each e-mail and its local part.
 */
import { foldName, hasHan, namePinyin } from '../../kernel/chinese/name.ts';
import { foldText } from '../../kernel/chinese/name.ts';
import { phoneDigits } from '../../kernel/chinese/phone.ts';

const MAX_TERM = 120;

function suffixes<T>(items: T[], join: (part: T[]) => string, minLength = 1): string[] {
  const out: string[] = [];
  for (let start = 0; start < items.length; start++) {
    const term = join(items.slice(start));
    if (term.length >= minLength) out.push(term);
  }
  return out;
}

export function nameTerms(name: string): string[] {
  const terms = new Set<string>();
  const folded = foldName(name);
  if (hasHan(folded)) {
    for (const term of suffixes([...folded.replace(/\s+/g, '')], (p) => p.join(''))) terms.add(term);
  } else {
    const words = folded.split(/\s+/).filter(Boolean);
    for (const term of suffixes(words, (p) => p.join(''))) terms.add(term);
  }
  const { syllables } = namePinyin(name);
  if (syllables.length > 0) {
    for (const term of suffixes(syllables, (p) => p.join(''))) terms.add(term);
    for (const term of suffixes(syllables, (p) => p.map((s) => s[0]).join(''), 2)) terms.add(term);
    if (syllables.length > 1) {
      // Romanised order: given name first (Wei Zhang ↔ 张伟).
      const reversed = [...syllables.slice(1), syllables[0] as string];
      terms.add(reversed.join(''));
      terms.add(reversed.map((s) => s[0]).join(''));
    }
  }
  return [...terms].filter((t) => t.length > 0).map((t) => t.slice(0, MAX_TERM));
}

export function phoneTerms(e164: string): string[] {
  const digits = phoneDigits(e164);
  // National significant number without the country code is how people type it (13800138000).
  const national = digits.startsWith('86') ? digits.slice(2) : digits;
  const terms = new Set<string>([digits]);
  for (let start = 0; start <= national.length - 4; start++) terms.add(national.slice(start));
  if (national.length > 0 && digits.startsWith('86')) terms.add(`0${national}`); // 010… trunk prefix for landlines
  return [...terms];
}

export function emailTerms(address: string): string[] {
  const lower = address.toLowerCase();
  const local = lower.split('@')[0] ?? lower;
  return [...new Set([lower, local])].map((t) => t.slice(0, MAX_TERM));
}

export type SearchableRecord = { name: string; extraNames?: string[]; phones: Array<{ e164: string }>; emails: Array<{ address: string }>; wechatId?: string | null };
export type TermField = 'name' | 'phone' | 'email' | 'wechat';
export type SearchTerm = { term: string; field: TermField };

export function recordTerms(record: SearchableRecord): SearchTerm[] {
  const terms = new Map<string, TermField>();
  const add = (term: string, field: TermField) => {
    if (!terms.has(term)) terms.set(term, field);
  };
  for (const name of [record.name, ...(record.extraNames ?? [])]) for (const t of nameTerms(name)) add(t, 'name');
  for (const phone of record.phones) for (const t of phoneTerms(phone.e164)) add(t, 'phone');
  for (const email of record.emails) for (const t of emailTerms(email.address)) add(t, 'email');
  if (record.wechatId) add(foldText(record.wechatId).slice(0, MAX_TERM), 'wechat');
  return [...terms].map(([term, field]) => ({ term, field }));
}

export type SearchQuery = { kind: 'digits' | 'text'; term: string };

/** How a search box entry is looked up: phone-like input by its digits, anything else folded and unspaced. */
export function searchQueryOf(input: string): SearchQuery | null {
  const trimmed = input.normalize('NFKC').trim();
  if (!trimmed) return null;
  if (/^[+\d\s\-().]+$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ''))) {
    return { kind: 'digits', term: phoneDigits(trimmed) };
  }
  const folded = foldText(trimmed);
  const term = folded.includes('@') ? folded : folded.replace(/[\s·・.,'’"-]+/g, '');
  return term ? { kind: 'text', term: term.slice(0, MAX_TERM) } : null;
}

/** Escapes LIKE wildcards so a user's % or _ is matched literally. */
export function likePrefix(term: string): string {
  return `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

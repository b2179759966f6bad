/**
 * Chinese-aware name keys. A person's name is kept as typed; these keys are what search and matching compare:
 * a folded form (full-width → half-width, traditional → simplified, case and spacing normalised) and pinyin
 * (full syllables and initials, surname-aware so 曾 reads zēng and 单 reads shàn).
 */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Full-width → half-width, traditional → simplified, lower case, single spaces, trimmed. */
export function foldText(text: string): string {
  const nfkc = text.normalize('NFKC').replace(/[\u200b-\u200d\ufeff]/g, '');
  const simplified = hasHan(nfkc) ? toSimplified(nfkc) : nfkc;
  return simplified.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Folded name without spaces or punctuation between Han characters: "張 偉" and "张伟" give the same key. */
export function foldName(name: string): string {
  const folded = foldText(name).replace(/[·・.．,，'’"-]/g, ' ').replace(/\s+/g, ' ').trim();
  return hasHan(folded) ? folded.replace(/\s+/g, '') : folded;
}

export type NamePinyin = {
  /** Syllables in order, e.g. ["zhang", "wei"]; Latin words kept as words. */
  syllables: string[];
  /** "zhangwei" */
  full: string;
  /** "zw" */
  initials: string;
};

// An imported person's name is converted by identity's normaliser, the matcher's name column, the directory's name
// columns and its search terms: the same conversion four times. The last MEMO_SIZE names are kept (oldest out first);
// the values are frozen because every caller gets the same object.
const MEMO_SIZE = 50_000;
const pinyinMemo = new Map<string, NamePinyin>();

/** Pinyin of a name (surname-aware). Latin parts stay as lower-case words, so "Wei Zhang" → ["wei", "zhang"]. */
export function namePinyin(name: string): NamePinyin {
  const known = pinyinMemo.get(name);
  if (known) return known;
  const value = convertPinyin(name);
  if (pinyinMemo.size >= MEMO_SIZE) pinyinMemo.delete(pinyinMemo.keys().next().value as string);
  pinyinMemo.set(name, Object.freeze({ ...value, syllables: Object.freeze(value.syllables) as string[] }));
  return pinyinMemo.get(name) as NamePinyin;
}

function convertPinyin(name: string): NamePinyin {
  const folded = foldName(name);
  if (!folded) return { syllables: [], full: '', initials: '' };
  let syllables: string[];
  if (hasHan(folded)) {
    syllables = pinyin(folded, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true })
      .flatMap((part) => part.trim().split(/[^a-z0-9]+/))
      .filter((part) => part.length > 0);
  } else {
    syllables = folded.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
  }
  return {
    syllables,
    full: syllables.join(''),
    initials: syllables.map((s) => s[0] ?? '').join(''),
  };
}

/**
 * The words a search box should find this name by: folded name, pinyin in both name orders
 * (Chinese "zhangwei" and romanised "weizhang"), and initials in both orders.
 */
export function nameSearchKeys(name: string): string[] {
  const folded = foldName(name);
  const py = namePinyin(name);
  const keys = new Set<string>();
  if (folded) keys.add(folded.replace(/\s+/g, ''));
  if (py.full) keys.add(py.full);
  if (py.initials.length > 1) keys.add(py.initials);
  if (py.syllables.length > 1) {
    const reversed = [...py.syllables.slice(1), py.syllables[0] ?? ''];
    keys.add(reversed.join(''));
    keys.add(reversed.map((s) => s[0] ?? '').join(''));
  }
  return [...keys];
}

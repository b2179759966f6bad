/**
 * Person names, Chinese-aware: 張偉, 张伟, "Zhang Wei", "ZHANG Wei" and "Wei Zhang" all meet at the 'pinyin' level;
 * the 'exact' level (same folded characters) is worth more. Both carry term-frequency adjustment, so that two
 * records named 王伟 count for little and a rare name for much.
 */
import { foldName, hasHan, namePinyin } from '../../../../kernel/chinese/name.ts';
import type { ComparisonSpec, RawRecord } from '../model.types.ts';
import { jaroWinkler, withinOneEdit } from '../similarity.ts';
import type { BlockKey, Column } from './column.types.ts';
import { IntColumn, Interner, readFields } from './column-storage.ts';

type NameEntry = { folded: number; pinyin: number; full: string; reversed: string; han: boolean };

export class PersonNameColumn implements Column {
  readonly levels = ['null', 'exact', 'pinyin', 'fuzzy', 'else'] as const;
  private readonly entries: NameEntry[] = [];
  private readonly byRaw = new Map<string, number>();
  private readonly folded = new Interner();
  private readonly pinyin = new Interner();
  private readonly ids: IntColumn;

  constructor(
    private readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.ids = new IntColumn(capacity);
  }

  private entryOf(raw: string): number {
    const cached = this.byRaw.get(raw);
    if (cached !== undefined) return cached;
    const folded = foldName(raw);
    let id = -1;
    if (folded) {
      const py = namePinyin(raw);
      const full = py.full;
      // Surname last, for romanised names written in Western order.
      const reversed = py.syllables.length > 1 ? [...py.syllables.slice(1), py.syllables[0] ?? ''].join('') : full;
      const canonical = full < reversed ? full : reversed;
      id = this.entries.length;
      this.entries.push({ folded: this.folded.code(folded), pinyin: this.pinyin.code(canonical), full, reversed, han: hasHan(folded) });
    }
    this.byRaw.set(raw, id);
    return id;
  }

  add(record: RawRecord): void {
    const id = this.entryOf(readFields(record, this.spec.fields));
    this.ids.push(id);
    const entry = this.entries[id];
    this.folded.count(entry ? entry.folded : -1, 1);
    this.pinyin.count(entry ? entry.pinyin : -1, 1);
  }

  pop(): void {
    const entry = this.entries[this.ids.pop()];
    this.folded.count(entry ? entry.folded : -1, -1);
    this.pinyin.count(entry ? entry.pinyin : -1, -1);
  }

  compare(i: number, j: number): number {
    const a = this.entries[this.ids.data[i] ?? -1];
    const b = this.entries[this.ids.data[j] ?? -1];
    if (!a || !b) return 0;
    if (a.folded === b.folded) return 1;
    if (a.full === b.full || a.full === b.reversed || a.reversed === b.full) return 2;
    if (a.han && b.han) {
      const fa = this.folded.values[a.folded] ?? '';
      const fb = this.folded.values[b.folded] ?? '';
      // One wrong character in a Chinese name is a typo only when the surname (first character) still agrees.
      if (fa.length === fb.length && fa[0] === fb[0] && withinOneEdit(fa, fb) && fa.length > 2) return 3;
    }
    // Jaro–Winkler ≥ 0.94 needs the shorter string to be at least 70 % of the longer (Jaro ≤ (2 + ratio) / 3):
    // most random pairs are rejected here without computing it three times.
    const la = a.full.length;
    const lb = b.full.length;
    if (Math.min(la, lb) < 0.7 * Math.max(la, lb)) return 4;
    const similarity = Math.max(jaroWinkler(a.full, b.full), jaroWinkler(a.full, b.reversed), jaroWinkler(a.reversed, b.full));
    return similarity >= 0.94 ? 3 : 4;
  }

  termFrequency(i: number, j: number, level: number): number {
    if (!this.spec.termFrequency || level < 1 || level > 2) return -1;
    const a = this.entries[this.ids.data[i] ?? -1];
    const b = this.entries[this.ids.data[j] ?? -1];
    if (!a || !b) return -1;
    if (level === 1) return this.folded.frequency(a.folded);
    return Math.max(this.pinyin.frequency(a.pinyin), this.pinyin.frequency(b.pinyin));
  }

  blockKey(i: number, key: string): BlockKey | null {
    const entry = this.entries[this.ids.data[i] ?? -1];
    if (!entry) return null;
    if (key === 'exact') return entry.folded;
    if (key === 'pinyin') return entry.pinyin;
    if (key === 'initial') return entry.full.slice(0, 1);
    throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
  }

  display(i: number): string {
    const entry = this.entries[this.ids.data[i] ?? -1];
    return entry ? this.folded.value(entry.folded) : '';
  }
}

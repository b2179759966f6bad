/** Generic columns: free text compared by Jaro–Winkler, codes compared exactly (optionally one typo), dates. */
import { foldText } from '../../../../kernel/chinese/name.ts';
import { parseDate } from '../../../../kernel/dates.ts';
import type { ComparisonSpec, RawRecord } from '../model.types.ts';
import { jaroWinkler, withinOneEdit } from '../similarity.ts';
import type { BlockKey, Column } from './column.types.ts';
import { IntColumn, Interner, readFields } from './column-storage.ts';

/** Lower case, half width, simplified, punctuation to spaces. */
export function foldFreeText(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** A column of interned strings with a cache from raw text to code (raw values repeat a lot). */
abstract class InternedColumn implements Column {
  abstract readonly levels: readonly string[];
  protected readonly interner = new Interner();
  protected readonly codes: IntColumn;
  private readonly cache = new Map<string, number>();
  protected constructor(
    protected readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.codes = new IntColumn(capacity);
  }
  protected abstract normalise(raw: string): string;
  protected codeOf(raw: string): number {
    let code = this.cache.get(raw);
    if (code === undefined) {
      code = this.interner.code(this.normalise(raw));
      if (this.cache.size < 2_000_000) this.cache.set(raw, code);
    }
    return code;
  }
  add(record: RawRecord): void {
    const code = this.codeOf(readFields(record, this.spec.fields));
    this.codes.push(code);
    this.interner.count(code, 1);
  }
  pop(): void {
    this.interner.count(this.codes.pop(), -1);
  }
  abstract compare(i: number, j: number): number;
  termFrequency(i: number, _j: number, level: number): number {
    return level === 1 && this.spec.termFrequency ? this.interner.frequency(this.codes.get(i)) : -1;
  }
  blockKey(i: number, key: string): BlockKey | null {
    const code = this.codes.get(i);
    if (code < 0) return null;
    const value = this.interner.value(code);
    switch (key) {
      case 'exact':
        return code;
      case 'prefix3':
        return value.slice(0, 3);
      case 'prefix2':
        return value.slice(0, 2);
      case 'token1':
        return value.split(' ')[0] ?? null;
      case 'digits':
        return /\d+/.exec(value)?.[0] ?? null;
      default:
        throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
    }
  }
  display(i: number): string {
    return this.interner.value(this.codes.get(i));
  }
}

export class TextColumn extends InternedColumn {
  readonly levels: readonly string[];
  private readonly thresholds: number[];
  /** With spec.swapWith: the code of the other field (first name ↔ surname written the wrong way round). */
  private readonly swapCodes: IntColumn | null;
  private readonly firstJw: number;
  private readonly tokensLevel: number;
  constructor(spec: ComparisonSpec, capacity: number) {
    super(spec, capacity);
    this.thresholds = spec.thresholds ?? [0.92, 0.8];
    this.swapCodes = spec.swapWith ? new IntColumn(capacity) : null;
    const extra = [...(this.swapCodes ? ['swapped'] : []), ...(spec.tokens ? ['tokens'] : [])];
    this.tokensLevel = spec.tokens ? 1 + extra.length : -1;
    this.firstJw = 2 + extra.length;
    this.levels = ['null', 'exact', ...extra, ...this.thresholds.map((t) => `jw≥${t}`), 'else'];
  }
  /** All words of the shorter value appear in the longer ("spago" in "spago los angeles"). */
  private contained(a: string, b: string): boolean {
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    const words = new Set(long.split(' '));
    const wanted = short.split(' ').filter((word) => word.length > 1 && word !== 'the');
    return wanted.length > 0 && wanted.every((word) => words.has(word));
  }
  override add(record: RawRecord): void {
    super.add(record);
    this.swapCodes?.push(this.codeOf((record[this.spec.swapWith ?? ''] ?? '').trim()));
  }
  override pop(): void {
    super.pop();
    this.swapCodes?.pop();
  }
  protected normalise(raw: string): string {
    return foldFreeText(raw);
  }
  compare(i: number, j: number): number {
    const a = this.codes.data[i] ?? -1;
    const b = this.codes.data[j] ?? -1;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    const swap = this.swapCodes?.data;
    if (swap && a === swap[j] && b === swap[i]) return 2;
    const va = this.interner.values[a] ?? '';
    const vb = this.interner.values[b] ?? '';
    if (this.tokensLevel > 0 && this.contained(va, vb)) return this.tokensLevel;
    const similarity = jaroWinkler(va, vb);
    for (let k = 0; k < this.thresholds.length; k++) if (similarity >= (this.thresholds[k] ?? 1)) return this.firstJw + k;
    return this.levels.length - 1;
  }
}

export class CodeColumn extends InternedColumn {
  readonly levels: readonly string[];
  constructor(spec: ComparisonSpec, capacity: number) {
    super(spec, capacity);
    this.levels = spec.typo ? ['null', 'exact', 'typo', 'else'] : ['null', 'exact', 'else'];
  }
  protected normalise(raw: string): string {
    return raw.normalize('NFKC').toLowerCase().replace(/[\s\-_.]+/g, '');
  }
  compare(i: number, j: number): number {
    const a = this.codes.data[i] ?? -1;
    const b = this.codes.data[j] ?? -1;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    if (this.levels.length === 4 && withinOneEdit(this.interner.values[a] ?? '', this.interner.values[b] ?? '')) return 2;
    return this.levels.length - 1;
  }
}

/** Dates as yyyymmdd integers; 'close' covers a day/month swap and one mistyped digit. */
export class DateColumn implements Column {
  readonly levels = ['null', 'exact', 'close', 'year-month', 'year', 'else'] as const;
  private readonly values: IntColumn;
  constructor(
    private readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.values = new IntColumn(capacity);
  }
  add(record: RawRecord): void {
    const date = parseDate(readFields(record, this.spec.fields), { order: 'DMY' });
    this.values.push(date ? date.year * 10000 + date.month * 100 + date.day : 0);
  }
  pop(): void {
    this.values.pop();
  }
  compare(i: number, j: number): number {
    const a = this.values.data[i] ?? 0;
    const b = this.values.data[j] ?? 0;
    if (a === 0 || b === 0) return 0;
    if (a === b) return 1;
    const ya = Math.floor(a / 10000);
    const yb = Math.floor(b / 10000);
    const ma = Math.floor(a / 100) % 100;
    const mb = Math.floor(b / 100) % 100;
    if (ya === yb && ma === b % 100 && a % 100 === mb) return 2;
    if (withinOneEdit(String(a), String(b))) return 2;
    if (ya === yb) return ma === mb ? 3 : 4;
    return 5;
  }
  termFrequency(): number {
    return -1;
  }
  blockKey(i: number, key: string): BlockKey | null {
    const value = this.values.get(i);
    if (value === 0) return null;
    if (key === 'exact') return value;
    if (key === 'year') return Math.floor(value / 10000);
    if (key === 'month-day') return value % 10000;
    throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
  }
  display(i: number): string {
    const value = this.values.get(i);
    return value === 0 ? '' : `${Math.floor(value / 10000)}-${String(Math.floor(value / 100) % 100).padStart(2, '0')}-${String(value % 100).padStart(2, '0')}`;
  }
}

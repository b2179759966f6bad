/**
 * Chinese addresses compared part by part: exact → same street and number → same street → same district →
 * same city → else. A missing province or city on one side does not count against the pair (it is usually
 * just not written), but a different city does.
 */
import { parseChineseAddress } from '../../../../kernel/chinese/address.ts';
import type { ComparisonSpec, RawRecord } from '../model.types.ts';
import type { BlockKey, Column } from './column.types.ts';
import { IntColumn, Interner, readFields } from './column-storage.ts';

const PARTS = ['province', 'city', 'district', 'street', 'number', 'detail'] as const;
const [P, C, D, S, N, X] = [0, 1, 2, 3, 4, 5] as const;

export class ChineseAddressColumn implements Column {
  readonly levels = ['null', 'exact', 'street-number', 'street', 'district', 'city', 'else'] as const;
  /** One interner per part: codes are compared only within a part. */
  private readonly parts = PARTS.map(() => new Interner());
  /** Distinct addresses: six part codes each. */
  private entries = new Int32Array(6 * 1024);
  private entryCount = 0;
  private readonly byRaw = new Map<string, number>();
  private readonly ids: IntColumn;

  constructor(
    private readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.ids = new IntColumn(capacity);
  }

  private entryOf(raw: string): number {
    if (!raw) return -1;
    const cached = this.byRaw.get(raw);
    if (cached !== undefined) return cached;
    const parsed = parseChineseAddress(raw);
    const id = this.entryCount++;
    if (id * 6 + 6 > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    for (let k = 0; k < PARTS.length; k++) {
      this.entries[id * 6 + k] = (this.parts[k] as Interner).code(parsed[PARTS[k] as (typeof PARTS)[number]]);
    }
    this.byRaw.set(raw, id);
    return id;
  }

  add(record: RawRecord): void {
    this.ids.push(this.entryOf(readFields(record, this.spec.fields)));
  }

  pop(): void {
    this.ids.pop();
  }

  private part(entry: number, k: number): number {
    return this.entries[entry * 6 + k] ?? -1;
  }

  compare(i: number, j: number): number {
    const a = this.ids.data[i] ?? -1;
    const b = this.ids.data[j] ?? -1;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    // Hot path (millions of pairs): plain reads, no closures.
    const e = this.entries;
    const oa = a * 6;
    const ob = b * 6;
    const pa = e[oa + P] ?? -1, pb = e[ob + P] ?? -1, ca = e[oa + C] ?? -1, cb = e[ob + C] ?? -1;
    const da = e[oa + D] ?? -1, db = e[ob + D] ?? -1, sa = e[oa + S] ?? -1, sb = e[ob + S] ?? -1;
    const area = (pa < 0 || pb < 0 || pa === pb) && (ca < 0 || cb < 0 || ca === cb) && (da < 0 || db < 0 || da === db);
    if (area && sa >= 0 && sa === sb) {
      const na = e[oa + N] ?? -1;
      if (na >= 0 && na === e[ob + N]) return e[oa + X] === e[ob + X] ? 1 : 2;
      return 3;
    }
    if (area && sa < 0 && sb < 0 && (e[oa + X] ?? -1) >= 0 && e[oa + X] === e[ob + X]) return 1;
    if (da >= 0 && da === db && (ca < 0 || cb < 0 || ca === cb)) return 4;
    if (ca >= 0 && ca === cb) return 5;
    return 6;
  }

  termFrequency(): number {
    return -1;
  }

  blockKey(i: number, key: string): BlockKey | null {
    const entry = this.ids.data[i] ?? -1;
    if (entry < 0) return null;
    const street = this.part(entry, S);
    if (key === 'street-number') {
      const number = this.part(entry, N);
      return street >= 0 && number >= 0 ? `${this.part(entry, C)}:${street}:${number}` : null;
    }
    // 人民路 exists in every city: the street key carries the city when it is known.
    if (key === 'street') return street >= 0 ? `${this.part(entry, C)}:${street}` : null;
    if (key === 'city') {
      const city = this.part(entry, C);
      return city >= 0 ? city : null;
    }
    throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
  }

  display(i: number): string {
    const entry = this.ids.data[i] ?? -1;
    if (entry < 0) return '';
    return PARTS.map((_, k) => (this.parts[k] as Interner).value(this.part(entry, k))).filter(Boolean).join('|');
  }
}

/**
 * Storage shared by the columns: growable Int32 arrays and a string interner with per-code counts, so that a
 * million records cost a few typed arrays plus one copy of each distinct value, and term frequencies are free.
 */

export class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  pop(): number {
    return this.data[--this.length] ?? 0;
  }
  get(index: number): number {
    return this.data[index] ?? 0;
  }
}

/** Distinct strings → dense codes (0, 1, …); '' is never interned (code -1 means "no value"). */
export class Interner {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  counts = new Int32Array(1024);
  /** Number of records currently counted (denominator of term frequencies). */
  total = 0;

  code(value: string): number {
    if (!value) return -1;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
      if (code >= this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return code;
  }

  /** Looks a value up without interning it. */
  find(value: string): number {
    return value ? (this.codes.get(value) ?? -1) : -1;
  }

  count(code: number, delta: 1 | -1): void {
    this.total += delta;
    if (code >= 0) this.counts[code] = (this.counts[code] ?? 0) + delta;
  }

  frequency(code: number): number {
    if (code < 0 || this.total === 0) return -1;
    return Math.max(1, this.counts[code] ?? 0) / this.total;
  }

  value(code: number): string {
    return code >= 0 ? (this.values[code] ?? '') : '';
  }
}

/** Reads and joins the source fields of a record. */
export function readFields(record: Readonly<Record<string, string | undefined>>, fields: string[]): string {
  if (fields.length === 1) return (record[fields[0] ?? ''] ?? '').trim();
  return fields
    .map((field) => (record[field] ?? '').trim())
    .filter((value) => value.length > 0)
    .join(' ');
}

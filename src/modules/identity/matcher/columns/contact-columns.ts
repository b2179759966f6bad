/**
 * Phones and emails. A mobile belongs to a person; a landline to a household or an office — so they are separate
 * levels, and two different mobiles are a level of their own ('mobile-conflict'), which EM learns to weigh
 * against and a spec may declare a veto.
 */
import { normalisePhone } from '../../../../kernel/chinese/phone.ts';
import type { ComparisonSpec, RawRecord } from '../model.types.ts';
import { jaroWinkler } from '../similarity.ts';
import type { BlockKey, Column } from './column.types.ts';
import { IntColumn, Interner, readFields } from './column-storage.ts';

// Chinese mobile ranges that libphonenumber classifies as MOBILE (checked against it in the tests), so that
// the common case skips the full parser: one million records would otherwise spend most of a minute there.
const CN_MOBILE = /^(?:\+?86|0086)?(1(?:3\d|4[57]|5[0-35-9]|6[2567]|7[0-35-8]|8\d|9[0-35-9])\d{8})$/;

export type PhoneParts = { mobiles: string[]; landlines: string[] };

const fallbackCache = new Map<string, { e164: string; kind: string } | null>();

/** Splits a phone field (several numbers may be separated by ; , / 、) into E.164 mobiles and landlines. */
export function splitPhones(raw: string, region = 'CN'): PhoneParts {
  const parts: PhoneParts = { mobiles: [], landlines: [] };
  if (!raw) return parts;
  for (const piece of raw.normalize('NFKC').split(/[;,/|、]+/)) {
    const compact = piece.replace(/[\s\-().]/g, '');
    if (!compact) continue;
    const mobile = region === 'CN' ? CN_MOBILE.exec(compact) : null;
    if (mobile) {
      parts.mobiles.push(`+86${mobile[1] ?? ''}`);
      continue;
    }
    let parsed = fallbackCache.get(piece);
    if (parsed === undefined) {
      parsed = normalisePhone(piece, region);
      if (fallbackCache.size < 100_000) fallbackCache.set(piece, parsed);
    }
    if (!parsed) continue;
    (parsed.kind === 'mobile' ? parts.mobiles : parts.landlines).push(parsed.e164);
  }
  return parts;
}

export class PhoneColumn implements Column {
  readonly levels = ['null', 'mobile', 'landline', 'else', 'mobile-conflict'] as const;
  private readonly numbers = new Interner();
  // Up to two mobiles and two landlines per record, as interned codes (-1 = none).
  private readonly m1: IntColumn;
  private readonly m2: IntColumn;
  private readonly l1: IntColumn;
  private readonly l2: IntColumn;
  private readonly slots: IntColumn[];
  constructor(
    private readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.m1 = new IntColumn(capacity);
    this.m2 = new IntColumn(capacity);
    this.l1 = new IntColumn(capacity);
    this.l2 = new IntColumn(capacity);
    this.slots = [this.m1, this.m2, this.l1, this.l2];
  }
  add(record: RawRecord): void {
    const parts = splitPhones(readFields(record, this.spec.fields));
    const codes = [parts.mobiles[0], parts.mobiles[1], parts.landlines[0], parts.landlines[1]];
    codes.forEach((value, k) => this.slots[k]?.push(value ? this.numbers.code(value) : -1));
  }
  pop(): void {
    for (const slot of this.slots) slot.pop();
  }
  compare(i: number, j: number): number {
    const m1 = this.m1.data, m2 = this.m2.data, l1 = this.l1.data, l2 = this.l2.data;
    const am1 = m1[i] ?? -1, am2 = m2[i] ?? -1, bm1 = m1[j] ?? -1, bm2 = m2[j] ?? -1;
    const al1 = l1[i] ?? -1, al2 = l2[i] ?? -1, bl1 = l1[j] ?? -1, bl2 = l2[j] ?? -1;
    const aAny = am1 >= 0 || al1 >= 0;
    const bAny = bm1 >= 0 || bl1 >= 0;
    if (!aAny || !bAny) return 0;
    if (am1 >= 0 && bm1 >= 0) {
      if (am1 === bm1 || (am2 >= 0 && (am2 === bm1 || am2 === bm2)) || (bm2 >= 0 && am1 === bm2)) return 1;
      return 4;
    }
    if (al1 >= 0 && bl1 >= 0) {
      if (al1 === bl1 || (al2 >= 0 && (al2 === bl1 || al2 === bl2)) || (bl2 >= 0 && al1 === bl2)) return 2;
    }
    return 3;
  }
  termFrequency(): number {
    return -1;
  }
  blockKey(i: number, key: string): BlockKey | null {
    const slot = key === 'mobile' ? this.slots[0] : key === 'landline' ? this.slots[2] : undefined;
    if (!slot) throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
    const code = slot.get(i);
    return code >= 0 ? code : null;
  }
  display(i: number): string {
    return this.slots
      .map((slot) => slot.get(i))
      .filter((code) => code >= 0)
      .map((code) => this.numbers.value(code))
      .join(';');
  }
}

export class EmailColumn implements Column {
  readonly levels = ['null', 'exact', 'handle', 'fuzzy', 'else'] as const;
  private readonly full = new Interner();
  private readonly handle = new Interner();
  private readonly fullCodes: IntColumn;
  private readonly handleCodes: IntColumn;
  constructor(
    private readonly spec: ComparisonSpec,
    capacity: number,
  ) {
    this.fullCodes = new IntColumn(capacity);
    this.handleCodes = new IntColumn(capacity);
  }
  add(record: RawRecord): void {
    const email = readFields(record, this.spec.fields).normalize('NFKC').toLowerCase().replace(/\s+/g, '');
    const at = email.lastIndexOf('@');
    const full = this.full.code(email);
    const handle = this.handle.code(at > 0 ? email.slice(0, at) : email);
    this.fullCodes.push(full);
    this.handleCodes.push(handle);
    this.full.count(full, 1);
    this.handle.count(handle, 1);
  }
  pop(): void {
    this.full.count(this.fullCodes.pop(), -1);
    this.handle.count(this.handleCodes.pop(), -1);
  }
  compare(i: number, j: number): number {
    const a = this.fullCodes.data[i] ?? -1;
    const b = this.fullCodes.data[j] ?? -1;
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    const ha = this.handleCodes.data[i] ?? -1;
    const hb = this.handleCodes.data[j] ?? -1;
    if (ha === hb) return 2;
    return jaroWinkler(this.handle.value(ha), this.handle.value(hb)) >= 0.9 ? 3 : 4;
  }
  termFrequency(i: number, j: number, level: number): number {
    if (!this.spec.termFrequency) return -1;
    // A handle such as "wangwei" shared by namesakes on different mail services is weak evidence.
    if (level === 1) return this.full.frequency(this.fullCodes.get(i));
    if (level === 2) return Math.max(this.handle.frequency(this.handleCodes.get(i)), this.handle.frequency(this.handleCodes.get(j)));
    return -1;
  }
  blockKey(i: number, key: string): BlockKey | null {
    const code = key === 'exact' ? this.fullCodes.get(i) : key === 'handle' ? this.handleCodes.get(i) : -2;
    if (code === -2) throw new Error(`unknown blocking key "${key}" for ${this.spec.name}`);
    return code >= 0 ? code : null;
  }
  display(i: number): string {
    return this.full.value(this.fullCodes.get(i));
  }
}

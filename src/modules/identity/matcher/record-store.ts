/** The records under comparison, held column by column (one column per comparison of the spec). */
import { ChineseAddressColumn } from './columns/cn-address-column.ts';
import type { Column } from './columns/column.types.ts';
import { EmailColumn, PhoneColumn } from './columns/contact-columns.ts';
import { PersonNameColumn } from './columns/person-name-column.ts';
import { CodeColumn, DateColumn, TextColumn } from './columns/text-columns.ts';
import type { ComparisonSpec, ModelSpec, RawRecord } from './model.types.ts';
import { Interner, IntColumn } from './columns/column-storage.ts';

function createColumn(spec: ComparisonSpec, capacity: number): Column {
  switch (spec.kind) {
    case 'person-name':
      return new PersonNameColumn(spec, capacity);
    case 'text':
      return new TextColumn(spec, capacity);
    case 'code':
      return new CodeColumn(spec, capacity);
    case 'date':
      return new DateColumn(spec, capacity);
    case 'cn-address':
      return new ChineseAddressColumn(spec, capacity);
    case 'phone':
      return new PhoneColumn(spec, capacity);
    case 'email':
      return new EmailColumn(spec, capacity);
  }
}

export class RecordStore {
  readonly columns: Column[];
  private readonly sources = new Interner();
  private readonly sourceCodes: IntColumn;
  size = 0;

  constructor(
    readonly spec: ModelSpec,
    capacity = 1024,
  ) {
    this.columns = spec.comparisons.map((comparison) => createColumn(comparison, capacity));
    this.sourceCodes = new IntColumn(capacity);
  }

  add(record: RawRecord): number {
    for (const column of this.columns) column.add(record);
    this.sourceCodes.push(this.spec.linkOnlyField ? this.sources.code(record[this.spec.linkOnlyField] ?? '') : -1);
    return this.size++;
  }

  pop(): void {
    for (const column of this.columns) column.pop();
    this.sourceCodes.pop();
    this.size--;
  }

  /** In link-only mode, whether two records come from the same source (and must not be compared). */
  sameSource(i: number, j: number): boolean {
    return this.spec.linkOnlyField !== undefined && this.sourceCodes.data[i] === this.sourceCodes.data[j];
  }

  source(i: number): number {
    return this.sourceCodes.get(i);
  }

  /** Writes the comparison vector of (i, j) into out[offset…]. */
  compare(i: number, j: number, out: Uint8Array, offset = 0): void {
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) out[offset + c] = (columns[c] as Column).compare(i, j);
  }
}

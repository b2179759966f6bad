/** What every comparison column offers the record store, blocking, training and scoring. */
import type { RawRecord } from '../model.types.ts';

/** Numbers (interned codes) where possible: they hash faster than strings and allocate nothing. */
export type BlockKey = string | number;

export type Column = {
  /** Level labels; index 0 is always 'null' (a value is missing on either side), the last is the catch-all. */
  readonly levels: readonly string[];
  /** Appends one record's features. */
  add(record: RawRecord): void;
  /** Removes the last record (used to probe a record without keeping it). */
  pop(): void;
  /** Comparison level of records i and j. */
  compare(i: number, j: number): number;
  /**
   * Term frequency (share of records) of the value the pair agrees on at this level, or -1 when the level carries
   * no term-frequency adjustment. Uses the larger of the two records' frequencies (a fuzzy agreement is only as
   * informative as its commonest side).
   */
  termFrequency(i: number, j: number, level: number): number;
  /** Blocking key of record i for a named key type (see each column), or null when it has none. */
  blockKey(i: number, key: string): BlockKey | null;
  /** Human-readable value of record i, for explanations. */
  display(i: number): string;
};

/**
 * Per-customer purchase summaries in columns (typed arrays: a million customers fit in a few megabytes and the
 * likelihood loops stay monomorphic). Times are in model periods (days, weeks…) from the customer's first purchase.
 */
export type CustomerSummaries = {
  /** Repeat purchases x (purchases after the first), an integer. */
  frequency: Float64Array;
  /** t_x: time of the last purchase, measured from the first. */
  recency: Float64Array;
  /** T: time from the first purchase to the end of the calibration period. */
  age: Float64Array;
  /** Mean value of the repeat purchases (0 when frequency is 0). */
  monetary?: Float64Array;
};

export type SummaryRow = { frequency: number; recency: number; age: number; monetary?: number };

export function summariesFromRows(rows: readonly SummaryRow[]): CustomerSummaries {
  const n = rows.length;
  const out: CustomerSummaries = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    age: new Float64Array(n),
    monetary: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    out.frequency[i] = row.frequency;
    out.recency[i] = row.recency;
    out.age[i] = row.age;
    out.monetary![i] = row.monetary ?? 0;
  });
  return out;
}

/** Checks the invariants every model relies on, naming the first offending customer index. */
export function assertValidSummaries(s: CustomerSummaries): void {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.age.length !== n) throw new RangeError('summaries: columns differ in length');
  if (n === 0) throw new RangeError('summaries: no customers');
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i] as number;
    const tx = s.recency[i] as number;
    const t = s.age[i] as number;
    if (!(x >= 0) || !Number.isInteger(x)) throw new RangeError(`summaries: frequency at row ${i} is ${x}, not a count`);
    if (!(tx >= 0 && tx <= t + 1e-9)) throw new RangeError(`summaries: recency ${tx} at row ${i} is outside [0, age=${t}]`);
    if (x === 0 && tx !== 0) throw new RangeError(`summaries: row ${i} has no repeat purchase but recency ${tx}`);
  }
}

/** Counts of each distinct frequency, so x-only terms (lgamma, digamma) are computed once per value. */
export function frequencyHistogram(frequency: Float64Array): Float64Array {
  let max = 0;
  for (let i = 0; i < frequency.length; i++) if ((frequency[i] as number) > max) max = frequency[i] as number;
  const counts = new Float64Array(max + 1);
  for (let i = 0; i < frequency.length; i++) counts[frequency[i] as number]! += 1;
  return counts;
}

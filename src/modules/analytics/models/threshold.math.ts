/**
 * Thresholds compared with integer counts, never with floating ratios: mlxtend misses rules whose confidence is
 * exactly 0.8 by counts because 4/5 computed in floating point can land below 0.8. A decimal threshold is read as
 * the exact fraction it was written as (0.8 → 8/10), and `count / total ≥ num / den` becomes `count·den ≥ num·total`.
 */
export type Fraction = { num: bigint; den: bigint };

/** The exact fraction of a threshold's shortest decimal form (0.001 → 1/1000, 1e-7 → 1/10⁷). */
export function decimalFraction(value: number): Fraction {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`threshold must be a finite non-negative number, got ${value}`);
  const [mantissa = '0', exponentText] = String(value).toLowerCase().split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole = '0', fraction = ''] = mantissa.split('.');
  let num = BigInt(whole + fraction);
  let den = 10n ** BigInt(fraction.length);
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den *= 10n ** BigInt(-exponent);
  return { num, den };
}

/** count/total ≥ threshold, decided exactly. */
export function meetsThreshold(count: number, total: number, threshold: Fraction): boolean {
  return BigInt(count) * threshold.den >= threshold.num * BigInt(total);
}

/** The smallest count c with c/total ≥ threshold (support 0.001 of 9,835 baskets → 10). */
export function minimumCount(total: number, threshold: Fraction): number {
  const product = threshold.num * BigInt(total);
  const c = (product + threshold.den - 1n) / threshold.den;
  return Number(c);
}

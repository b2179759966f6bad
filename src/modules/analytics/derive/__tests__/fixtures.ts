/** Shared by the derive tests: reproducible random data and readable UUIDs. */

/** mulberry32: the same random data on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID whose fourth group says what it is (`kind`) and whose last group counts (`n`). */
export const testId = (kind: number, n: number) => `00000000-0000-7000-${String(8000 + kind)}-${String(n).padStart(12, '0')}`;

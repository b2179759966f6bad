/**
 * Preference shift: how far a customer's mix (of categories, channels, locations…) in a recent window moved from
 * a baseline window, by Jensen–Shannon divergence in bits (0 = same mix, 1 = disjoint), with the per-key share
 * changes that explain the number.
 */

export type ShareChange = { key: string; baselineShare: number; recentShare: number; delta: number };
export type PreferenceShift = { divergence: number; shifted: boolean; changes: ShareChange[]; baselineTotal: number; recentTotal: number };

function shares(counts: ReadonlyMap<string, number>, keys: readonly string[]): { p: number[]; total: number } {
  let total = 0;
  for (const k of keys) {
    const v = counts.get(k) ?? 0;
    if (!(v >= 0)) throw new RangeError(`counts must be non-negative, got ${v} for "${k}"`);
    total += v;
  }
  return { p: keys.map((k) => (total > 0 ? (counts.get(k) ?? 0) / total : 0)), total };
}

/** JSD(P‖Q) in bits; both must be distributions over the same keys. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    const b = q[i] as number;
    const m = (a + b) / 2;
    if (a > 0) sum += 0.5 * a * Math.log2(a / m);
    if (b > 0) sum += 0.5 * b * Math.log2(b / m);
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * `threshold` in bits (0.1 ≈ a clear shift); `minEvents` guards against reading a shift into two or three events.
 * With too few events the divergence is still reported but `shifted` stays false.
 */
export function preferenceShift(
  baseline: ReadonlyMap<string, number>,
  recent: ReadonlyMap<string, number>,
  options: { threshold?: number; minEvents?: number } = {},
): PreferenceShift {
  const threshold = options.threshold ?? 0.1;
  const minEvents = options.minEvents ?? 5;
  const keys = [...new Set([...baseline.keys(), ...recent.keys()])].sort();
  const b = shares(baseline, keys);
  const r = shares(recent, keys);
  const divergence = b.total > 0 && r.total > 0 ? jensenShannon(b.p, r.p) : 0;
  const changes = keys
    .map((key, i) => ({ key, baselineShare: b.p[i] as number, recentShare: r.p[i] as number, delta: (r.p[i] as number) - (b.p[i] as number) }))
    .filter((c) => c.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return {
    divergence,
    shifted: divergence >= threshold && b.total >= minEvents && r.total >= minEvents,
    changes,
    baselineTotal: b.total,
    recentTotal: r.total,
  };
}

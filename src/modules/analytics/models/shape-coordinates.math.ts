/**
 * Search coordinates for the customer-base likelihoods on small data.
 *
 * Why: on a few dozen customers the maximum of a BG/NBD, Pareto/NBD or Gamma-Gamma likelihood often lies at the edge
 * of the parameter space — e.g. r, α → ∞ with r/α fixed (no heterogeneity in purchase rates), or a, b → 0. On plain
 * log-parameters the optimiser then walks along a ridge towards infinity: the objective keeps improving by ever
 * smaller amounts, the step-size stopping rule never fires, and (for Pareto/NBD) ₂F₁ needs millions of terms out
 * there. So the models search over
 *   - the log of each shape parameter (r, s, a, b, p, q) squashed into [log 1e-10, log 1e4] by log θ = L·tanh(u / L)
 *     (L the limit on u's side): near the usual values this is the identity, at the edge the objective becomes
 *     flat in u and the gradient vanishes, so the search stops there instead of wandering off;
 *   - the log of a mean (r/α: purchase rate; s/β: dropout rate; p·γ: spend scale) instead of the scale parameter,
 *     which is the direction the data pins down when the shape runs to its limit.
 * A shape of 10⁴ is, for prediction, the limit itself (a Gamma with shape 10⁴ has a coefficient of variation of
 * 1 %). Small shapes approach their limit slowly (BG/NBD on 30 CDNOW customers loses a whole log-likelihood unit
 * when a is held at 10⁻⁴), hence the lower edge at 10⁻¹⁰. Tests compare the boxed maximum with an unboxed search.
 */
export const SHAPE_LOG_MAX = Math.log(1e4);
export const SHAPE_LOG_MIN = Math.log(1e-10);

/** The half-width of the box on u's side: tanh on each side keeps the map smooth (slope 1, curvature 0 at u = 0). */
const limitFor = (u: number) => (u >= 0 ? SHAPE_LOG_MAX : -SHAPE_LOG_MIN);

/**
 * Beyond three half-widths (tanh 3 = 0.995) the map is held flat: a simplex search that keeps finding ever smaller
 * gains along a saturated coordinate would otherwise expand along it for ever.
 */
const FLAT_BEYOND = 3;

/** log θ from the unconstrained coordinate u. */
export function shapeLog(u: number): number {
  const limit = limitFor(u);
  return limit * Math.tanh(Math.max(-FLAT_BEYOND, Math.min(FLAT_BEYOND, u / limit)));
}

/** d log θ / d u. */
export function shapeLogSlope(u: number): number {
  const ratio = u / limitFor(u);
  if (Math.abs(ratio) >= FLAT_BEYOND) return 0;
  const t = Math.tanh(ratio);
  return 1 - t * t;
}

/** u from log θ; log θ is clipped just inside the box so that u stays finite. */
export function shapeCoordinate(logTheta: number): number {
  const limit = limitFor(logTheta);
  const ratio = Math.max(-0.999999, Math.min(0.999999, logTheta / limit));
  return limit * Math.atanh(ratio);
}

/** True when θ has run into the edge of the box: the fit is a limiting case of the model, not an interior maximum. */
export function atShapeLimit(theta: number): boolean {
  const log = Math.log(theta);
  return log > 0.99 * SHAPE_LOG_MAX || log < 0.99 * SHAPE_LOG_MIN;
}

/**
 * Rates (r/α, s/β, per model period) get a wide box too, log rate ∈ ±log 1e8: on small data the Pareto/NBD
 * dropout can run to "a few die at once, the rest never" (s → 0, β → 0), and β underflowed to 5e-324 there.
 */
export const RATE_LOG_LIMIT = Math.log(1e8);

export function rateLog(u: number): number {
  return RATE_LOG_LIMIT * Math.tanh(Math.max(-FLAT_BEYOND, Math.min(FLAT_BEYOND, u / RATE_LOG_LIMIT)));
}

export function rateCoordinate(logRate: number): number {
  return RATE_LOG_LIMIT * Math.atanh(Math.max(-0.999999, Math.min(0.999999, logRate / RATE_LOG_LIMIT)));
}

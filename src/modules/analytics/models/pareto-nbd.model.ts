/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader, Hardie & Lee 2005): Poisson purchases
 * with rate λ ~ Gamma(r, α) while alive, exponential lifetime with rate μ ~ Gamma(s, β). The likelihood needs
 * ₂F₁; it is evaluated in log space with the argument kept in [0, 1) by swapping the roles of α and β.
 * Fitted with Nelder–Mead over the coordinates of shape-coordinates.math.ts, then polished with BFGS on a numerical
 * gradient.
 */
import { bfgs, nelderMead, withNumericGradient, type MinimizeResult } from './optimize.math.ts';
import { rateCoordinate, rateLog, shapeCoordinate, shapeLog } from './shape-coordinates.math.ts';
import { lgamma, log2F1, logAddExp, logSubExp } from './special.math.ts';
import { assertValidSummaries, frequencyHistogram, type CustomerSummaries } from './summary.types.ts';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };
export type ParetoNbdFit = { params: ParetoNbdParams; logLikelihood: number; iterations: number; converged: boolean };

/**
 * ₂F₁'s series needs about 37 / (1 − z) terms; beyond this z (small data puts the maximum where α or β is 10⁴
 * times the other, z ≈ 1 − 10⁻⁶, millions of terms per customer) A₀ is integrated numerically instead.
 */
const SERIES_MAX_Z = 0.95;

/** log A₀ of the likelihood (the integral over the unobserved death time between t_x and T). */
function logA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alphaSmaller = alpha < beta;
  const min = alphaSmaller ? alpha : beta;
  const max = alphaSmaller ? beta : alpha;
  const second = alphaSmaller ? r + x : s + 1;
  const rsx = r + s + x;
  const q1 = max + tx;
  const q2 = max + T;
  const diff = max - min;
  if (diff / q1 > SERIES_MAX_Z) return Math.log(rsx) + logDeathIntegral(p, x, tx, T);
  const logP1 = log2F1(rsx, second, rsx + 1, diff / q1);
  const logP2 = log2F1(rsx, second, rsx + 1, diff / q2);
  // A₀ = [F(q1)/q1^rsx − F(q2)/q2^rsx] / rsx-normalised; the difference is formed in log space.
  return logSubExp(logP1 - rsx * Math.log(q1), logP2 - rsx * Math.log(q2));
}

// 8-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_NODES = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_WEIGHTS = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/**
 * log ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (so A₀ = (r+s+x) × this). Integrated over v = log(min(α,β) + τ),
 * where the spiky factor becomes an exponential, by composite Gauss–Legendre with enough panels that the
 * integrand's logarithm falls by at most about one per panel (relative error ~1e-12 then).
 */
function logDeathIntegral(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  if (T <= tx) return -Infinity;
  const m = Math.min(alpha, beta);
  const logIntegrand = (v: number) => {
    const tau = Math.exp(v) - m;
    return -(r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau) + v;
  };
  const v0 = Math.log(m + tx);
  const v1 = Math.log(m + T);
  // Each term of the log-integrand's slope in v is monotone in v, so its largest size is at an end; slope × length
  // bounds how far the logarithm can fall, one panel per unit of fall.
  const slope = (v: number) => {
    const e = Math.exp(v);
    const tau = e - m;
    return Math.abs(1 - ((r + x) * e) / (alpha + tau) - ((s + 1) * e) / (beta + tau));
  };
  const panels = Math.min(4096, Math.max(2, Math.ceil(Math.max(slope(v0), slope(v1)) * (v1 - v0))));
  const width = (v1 - v0) / panels;
  let total = -Infinity;
  for (let k = 0; k < panels; k++) {
    const centre = v0 + (k + 0.5) * width;
    for (let j = 0; j < 8; j++) {
      total = logAddExp(total, Math.log((GL_WEIGHTS[j] as number) * width * 0.5) + logIntegrand(centre + (GL_NODES[j] as number) * width * 0.5));
    }
  }
  return total;
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, sm: CustomerSummaries): number {
  const { r, alpha, s, beta } = p;
  const hist = frequencyHistogram(sm.frequency);
  let value = 0;
  const lgR = lgamma(r);
  for (let x = 0; x < hist.length; x++) {
    const c = hist[x] as number;
    if (c > 0) value += c * (lgamma(r + x) - lgR + r * Math.log(alpha) + s * Math.log(beta));
  }
  const logS = Math.log(s);
  for (let i = 0; i < sm.frequency.length; i++) {
    const x = sm.frequency[i] as number;
    const T = sm.age[i] as number;
    const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const second = logS - Math.log(r + s + x) + logA0(p, x, sm.recency[i] as number, T);
    value += logAddExp(first, second);
  }
  return value;
}

/** Below this many customers the fit searches from every shape in SHAPE_STARTS (r, s). */
const MULTI_START_CUSTOMERS = 2000;
const SHAPE_STARTS: readonly (readonly [number, number])[] = [[1, 1], [10, 0.05], [10, 0.001], [0.3, 10]];

/** A start inside the data: shapes 1, rates from the mean repeat purchases and the mean age. */
function startFrom(sm: CustomerSummaries): ParetoNbdParams {
  let x = 0;
  let age = 0;
  for (let i = 0; i < sm.frequency.length; i++) {
    x += sm.frequency[i] as number;
    age += sm.age[i] as number;
  }
  const meanAge = Math.max(age / sm.frequency.length, 1e-9);
  const rate = Math.max(x / sm.frequency.length, 0.1) / meanAge;
  return { r: 1, alpha: 1 / rate, s: 1, beta: meanAge };
}

export function fitParetoNbd(sm: CustomerSummaries, start?: ParetoNbdParams, options: { timeLimitMs?: number } = {}): ParetoNbdFit {
  assertValidSummaries(sm);
  const n = sm.frequency.length;
  const from = start ?? startFrom(sm);
  // A server caller sets a time limit (₂F₁ can still be slow far from the optimum), after which every point is
  // rejected, the search ends, and the fit reports not converged.
  const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
  let expired = false;
  const objective = (theta: readonly number[]) => {
    if (expired || Date.now() > deadline) {
      expired = true;
      return Infinity;
    }
    try {
      return -paretoNbdLogLikelihood(unpack(theta), sm) / n;
    } catch {
      return Infinity; // a diverging ₂F₁ far from the optimum: reject the point
    }
  };
  // Coordinates (see shape-coordinates.math.ts): u_r, u(r/α), u_s, u(s/β). The simplex stops when its values
  // agree to 1e-11 (mean log-likelihood per customer) and its points to 1e-6; a point-only rule never fires on
  // the flat edge where small data often puts the maximum.
  const x0 = [shapeCoordinate(Math.log(from.r)), rateCoordinate(Math.log(from.r / from.alpha)), shapeCoordinate(Math.log(from.s)), rateCoordinate(Math.log(from.s / from.beta))];
  // Small data can have two maxima — a few customers buying at one steady rate with slow dropout, or heterogeneous
  // dropout (s, β → 0) — and a search from one start finds the nearer one (30 CDNOW customers: 0.07 log-likelihood
  // short). So a small customer base is searched from several shapes (cheap there); a large one has one maximum.
  const starts = n > MULTI_START_CUSTOMERS ? [x0] : SHAPE_STARTS.map(([r, s]) => [shapeCoordinate(Math.log(r)), x0[1] as number, shapeCoordinate(Math.log(s)), x0[3] as number]);
  let coarse: MinimizeResult | undefined;
  for (const point of starts) {
    const found = searchFrom(objective, point, () => expired);
    if (!coarse || found.value < coarse.value) coarse = { ...found, iterations: found.iterations + (coarse?.iterations ?? 0) };
  }
  if (!coarse) throw new Error('unreachable: at least one start');
  let best = coarse;
  try {
    const polished = bfgs(withNumericGradient(objective, 1e-5), coarse.x, { gradientTolerance: 1e-8 });
    if (polished.value <= coarse.value) best = polished;
  } catch {
    // keep the Nelder–Mead point
  }
  return {
    params: unpack(best.x),
    logLikelihood: -best.value * n,
    iterations: coarse.iterations + (best === coarse ? 0 : best.iterations),
    converged: !expired && Number.isFinite(best.value) && (coarse.converged || (best !== coarse && best.converged)),
  };
}

/** Nelder–Mead, restarted from its own end point with a fresh simplex (a simplex can collapse short of the optimum). */
function searchFrom(objective: (theta: readonly number[]) => number, x0: readonly number[], expired: () => boolean): MinimizeResult {
  let result = nelderMead(objective, x0, { tolerance: 1e-11, pointTolerance: 1e-6 });
  for (let restart = 0; restart < 10 && !expired(); restart++) {
    const again = nelderMead(objective, result.x, { tolerance: 1e-11, pointTolerance: 1e-6 });
    const gain = result.value - again.value;
    result = { ...again, iterations: result.iterations + again.iterations, evaluations: result.evaluations + again.evaluations };
    if (!(gain > 1e-10)) break;
  }
  return result;
}

function unpack(theta: readonly number[]): ParetoNbdParams {
  const [ur = 0, logPurchaseRate = 0, us = 0, logDropoutRate = 0] = theta;
  const logR = shapeLog(ur);
  const logS = shapeLog(us);
  return { r: Math.exp(logR), alpha: Math.exp(logR - rateLog(logPurchaseRate)), s: Math.exp(logS), beta: Math.exp(logS - rateLog(logDropoutRate)) };
}

export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const log = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + logA0(p, x, tx, T);
  return 1 / (1 + Math.exp(log));
}

/** E[purchases in (T, T + t] | x, t_x, T]; needs s > 1 for a finite answer. */
export function paretoNbdExpectedPurchases(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  if (t <= 0) return 0;
  const alive = paretoNbdProbabilityAlive(p, x, tx, T);
  if (Math.abs(s - 1) < 1e-9) {
    return ((r + x) / (alpha + T)) * (beta + T) * Math.log((beta + T + t) / (beta + T)) * alive;
  }
  const head = ((r + x) * (beta + T)) / ((alpha + T) * (s - 1));
  return head * (1 - Math.pow((beta + T) / (beta + T + t), s - 1)) * alive;
}

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow a Poisson process
 * with rate λ ~ Gamma(r, α); after each purchase the customer drops out with probability p ~ Beta(a, b).
 * Fitted by maximum likelihood with BFGS and the analytic gradient, over the coordinates of shape-coordinates.math.ts.
 */
import { bfgs } from './optimize.math.ts';
import { shapeCoordinate, shapeLog, shapeLogSlope } from './shape-coordinates.math.ts';
import { digamma, lgamma, log2F1 } from './special.math.ts';
import { assertValidSummaries, frequencyHistogram, type CustomerSummaries } from './summary.types.ts';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };
export type BgNbdFit = { params: BgNbdParams; logLikelihood: number; iterations: number; converged: boolean };

/** Total log-likelihood and its gradient with respect to (log r, log α, log a, log b). */
export function bgNbdLogLikelihood(
  p: BgNbdParams,
  s: CustomerSummaries,
  hist: Float64Array = frequencyHistogram(s.frequency),
): { value: number; gradient: number[] } {
  const { r, alpha, a, b } = p;
  // Terms that depend on x only, once per distinct x.
  let value = 0;
  let dr = 0;
  let dAlpha = 0;
  let da = 0;
  let db = 0;
  const logA = Math.log(a);
  const logAlpha = Math.log(alpha);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const logBx1 = new Float64Array(hist.length); // log(b + x − 1), used per customer
  for (let x = 0; x < hist.length; x++) {
    const c = hist[x] as number;
    if (x > 0) logBx1[x] = Math.log(b + x - 1);
    if (c === 0) continue;
    value += c * (lgamma(r + x) - lgR + r * logAlpha + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x));
    dr += c * (digamma(r + x) - psiR + logAlpha);
    dAlpha += (c * r) / alpha;
    const psiABx = digamma(a + b + x);
    da += c * (psiAB - psiABx);
    db += c * (psiAB + digamma(b + x) - psiB - psiABx);
  }
  const { frequency, recency, age } = s;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number;
    const rx = r + x;
    const aT = alpha + (age[i] as number);
    const lT = Math.log(aT);
    const a3 = -rx * lT;
    if (x === 0) {
      value += a3;
      dr -= lT;
      dAlpha -= rx / aT;
      continue;
    }
    const aTx = alpha + (recency[i] as number);
    const lTx = Math.log(aTx);
    const a4 = logA - (logBx1[x] as number) - rx * lTx;
    // log(e^a3 + e^a4) and the weight of the a4 branch share one exp.
    const d = a4 - a3;
    const e = Math.exp(-Math.abs(d));
    value += (d > 0 ? a4 : a3) + Math.log1p(e);
    const w4 = d > 0 ? 1 / (1 + e) : e / (1 + e);
    const w3 = 1 - w4;
    dr -= w3 * lT + w4 * lTx;
    dAlpha -= rx * (w3 / aT + w4 / aTx);
    da += w4 / a;
    db -= w4 / (b + x - 1);
  }
  return { value, gradient: [dr * r, dAlpha * alpha, da * a, db * b] };
}

export function fitBgNbd(s: CustomerSummaries, start: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 }): BgNbdFit {
  assertValidSummaries(s);
  const n = s.frequency.length;
  const hist = frequencyHistogram(s.frequency);
  // Minimise the mean negative log-likelihood: the scale is then independent of the number of customers.
  // Coordinates (see shape-coordinates.math.ts): u_r, log(r/α), u_a, u_b.
  const result = bfgs(
    (theta) => {
      const [ur = 0, , ua = 0, ub = 0] = theta;
      const ll = bgNbdLogLikelihood(unpack(theta), s, hist);
      const [gr = 0, gAlpha = 0, ga = 0, gb = 0] = ll.gradient; // by log r, log α, log a, log b
      const gradient = [(gr + gAlpha) * shapeLogSlope(ur), -gAlpha, ga * shapeLogSlope(ua), gb * shapeLogSlope(ub)];
      return { value: -ll.value / n, gradient: gradient.map((g) => -g / n) };
    },
    [shapeCoordinate(Math.log(start.r)), Math.log(start.r / start.alpha), shapeCoordinate(Math.log(start.a)), shapeCoordinate(Math.log(start.b))],
  );
  const params = unpack(result.x);
  return { params, logLikelihood: -result.value * n, iterations: result.iterations, converged: result.converged };
}

function unpack(theta: readonly number[]): BgNbdParams {
  const [ur = 0, logRate = 0, ua = 0, ub = 0] = theta;
  const logR = shapeLog(ur);
  return { r: Math.exp(logR), alpha: Math.exp(logR - logRate), a: Math.exp(shapeLog(ua)), b: Math.exp(shapeLog(ub)) };
}

/** P(alive | x, t_x, T). */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logRatio = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** E[purchases in (T, T + t] | x, t_x, T] (equation 10 of the paper). */
export function bgNbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const logHyp = log2F1(r + x, b + x, a + b + x - 1, z);
  const head = (a + b + x - 1) / (a - 1);
  const body = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t)) + logHyp);
  const tail = x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 0;
  return (head * body) / (1 + tail);
}

/** E[X(t)] for a new customer: expected purchases in (0, t]. */
export function bgNbdExpectedPurchasesNew(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  const hyp = Math.exp(log2F1(r, b, a + b - 1, z));
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp);
}

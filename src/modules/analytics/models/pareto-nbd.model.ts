/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader, Hardie & Lee 2005): Poisson purchases
 * with rate λ ~ Gamma(r, α) while alive, exponential lifetime with rate μ ~ Gamma(s, β). The likelihood needs
 * ₂F₁; it is evaluated in log space with the argument kept in [0, 1) by swapping the roles of α and β.
 * Fitted with Nelder–Mead on log-parameters, then polished with BFGS on a numerical gradient.
 */
import { bfgs, nelderMead, withNumericGradient } from './optimize.math.ts';
import { lgamma, log2F1, logAddExp, logSubExp } from './special.math.ts';
import { assertValidSummaries, frequencyHistogram, type CustomerSummaries } from './summary.types.ts';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };
export type ParetoNbdFit = { params: ParetoNbdParams; logLikelihood: number; iterations: number; converged: boolean };

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
  const logP1 = log2F1(rsx, second, rsx + 1, diff / q1);
  const logP2 = log2F1(rsx, second, rsx + 1, diff / q2);
  // A₀ = [F(q1)/q1^rsx − F(q2)/q2^rsx] / rsx-normalised; the difference is formed in log space.
  return logSubExp(logP1 - rsx * Math.log(q1), logP2 - rsx * Math.log(q2));
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

export function fitParetoNbd(
  sm: CustomerSummaries,
  start: ParetoNbdParams = { r: 1, alpha: 1, s: 1, beta: 1 },
): ParetoNbdFit {
  assertValidSummaries(sm);
  const n = sm.frequency.length;
  const objective = (theta: readonly number[]) => {
    try {
      return -paretoNbdLogLikelihood(unpack(theta), sm) / n;
    } catch {
      return Infinity; // a diverging ₂F₁ far from the optimum: reject the point
    }
  };
  const coarse = nelderMead(objective, [start.r, start.alpha, start.s, start.beta].map(Math.log), { tolerance: 1e-10 });
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
    converged: coarse.converged || best !== coarse,
  };
}

function unpack(theta: readonly number[]): ParetoNbdParams {
  const [r = 0, alpha = 0, s = 0, beta = 0] = theta.map(Math.exp);
  return { r, alpha, s, beta };
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

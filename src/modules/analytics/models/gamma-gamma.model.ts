/**
 * Gamma-Gamma spend model (Fader & Hardie 2013 note; Colombo & Jiang 1999): the value of each transaction is
 * Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on customers with at least one repeat purchase, on the mean value of
 * their repeat purchases. BFGS with the analytic gradient, over the coordinates of shape-coordinates.math.ts.
 */
import { bfgs } from './optimize.math.ts';
import { shapeCoordinate, shapeLog, shapeLogSlope } from './shape-coordinates.math.ts';
import { digamma, lgamma } from './special.math.ts';

export type GammaGammaParams = { p: number; q: number; gamma: number };
export type GammaGammaFit = { params: GammaGammaParams; logLikelihood: number; customers: number; converged: boolean };
/** Repeat purchase counts and mean repeat spend of the customers with x > 0. */
export type SpendSummaries = { frequency: Float64Array; monetary: Float64Array };

/** Keeps only customers with x > 0 and a positive mean spend (the model's support). */
export function spendSummaries(frequency: Float64Array, monetary: Float64Array): SpendSummaries {
  let n = 0;
  for (let i = 0; i < frequency.length; i++) if ((frequency[i] as number) > 0 && (monetary[i] as number) > 0) n++;
  const out = { frequency: new Float64Array(n), monetary: new Float64Array(n) };
  let k = 0;
  for (let i = 0; i < frequency.length; i++) {
    if ((frequency[i] as number) > 0 && (monetary[i] as number) > 0) {
      out.frequency[k] = frequency[i] as number;
      out.monetary[k] = monetary[i] as number;
      k++;
    }
  }
  return out;
}

/** Log-likelihood of the mean spends (density of z̄ given x), and its gradient in (log p, log q, log γ). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, s: SpendSummaries): { value: number; gradient: number[] } {
  const { p, q, gamma } = params;
  const logGamma = Math.log(gamma);
  const lgQ = lgamma(q);
  const psiQ = digamma(q);
  // x-only terms once per distinct x (frequencies are small integers), looked up by index in the loop.
  let maxX = 0;
  for (let i = 0; i < s.frequency.length; i++) if ((s.frequency[i] as number) > maxX) maxX = s.frequency[i] as number;
  const lg = new Float64Array(maxX + 1);
  const dpX = new Float64Array(maxX + 1);
  const dqX = new Float64Array(maxX + 1);
  const seen = new Uint8Array(maxX + 1);
  for (let i = 0; i < s.frequency.length; i++) seen[s.frequency[i] as number] = 1;
  for (let x = 1; x <= maxX; x++) {
    if (!seen[x]) continue;
    const px = p * x;
    const psiPxQ = digamma(px + q);
    lg[x] = lgamma(px + q) - lgamma(px) - lgQ + px * Math.log(x);
    dpX[x] = x * (psiPxQ - digamma(px) + Math.log(x));
    dqX[x] = psiPxQ - psiQ;
  }
  let value = 0;
  let dp = 0;
  let dq = 0;
  let dg = 0;
  for (let i = 0; i < s.frequency.length; i++) {
    const x = s.frequency[i] as number;
    const z = s.monetary[i] as number;
    const px = p * x;
    const logZ = Math.log(z);
    const denom = gamma + x * z;
    const logDenom = Math.log(denom);
    value += (lg[x] as number) + q * logGamma + (px - 1) * logZ - (px + q) * logDenom;
    dp += (dpX[x] as number) + x * logZ - x * logDenom;
    dq += (dqX[x] as number) + logGamma - logDenom;
    dg += q / gamma - (px + q) / denom;
  }
  return { value, gradient: [dp * p, dq * q, dg * gamma] };
}

export function fitGammaGamma(s: SpendSummaries, start: GammaGammaParams = { p: 1, q: 1, gamma: 1 }): GammaGammaFit {
  const n = s.frequency.length;
  if (n === 0) throw new RangeError('gamma-gamma: no customer has a repeat purchase with positive spend');
  // Coordinates (see shape-coordinates.math.ts): u_p, u_q, log(p·γ) — p and γ run off together on small data.
  const result = bfgs(
    (theta) => {
      const [up = 0, uq = 0] = theta;
      const ll = gammaGammaLogLikelihood(unpack(theta), s);
      const [gp = 0, gq = 0, gg = 0] = ll.gradient; // by log p, log q, log γ
      const gradient = [(gp - gg) * shapeLogSlope(up), gq * shapeLogSlope(uq), gg];
      return { value: -ll.value / n, gradient: gradient.map((g) => -g / n) };
    },
    [shapeCoordinate(Math.log(start.p)), shapeCoordinate(Math.log(start.q)), Math.log(start.p * start.gamma)],
  );
  return { params: unpack(result.x), logLikelihood: -result.value * n, customers: n, converged: result.converged };
}

function unpack(theta: readonly number[]): GammaGammaParams {
  const [up = 0, uq = 0, logScale = 0] = theta;
  const logP = shapeLog(up);
  return { p: Math.exp(logP), q: Math.exp(shapeLog(uq)), gamma: Math.exp(logScale - logP) };
}

/** E[mean spend | x, z̄]: a weighted mean of the population mean and the customer's own mean. */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, gamma } = params;
  const populationMean = (gamma * p) / (q - 1);
  if (x === 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * meanSpend;
}

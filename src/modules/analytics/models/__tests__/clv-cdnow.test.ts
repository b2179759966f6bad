import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive, fitBgNbd } from '../bgnbd.model.ts';
import { customerLifetimeValue, valueBySegment } from '../clv.model.ts';
import { fitGammaGamma, gammaGammaLogLikelihood, spendSummaries } from '../gamma-gamma.model.ts';
import { fitParetoNbd } from '../pareto-nbd.model.ts';
import { cdnowSummaries, relativeError } from './cdnow.fixture.ts';

// Published figures (PROVENANCE.md of datasets/cdnow; PEERS.md): Fader, Hardie & Lee 2005; CLVTools tests.
const within = 0.005;
const cdnow = cdnowSummaries();

describe('BG/NBD on CDNOW (2,357 customers, weeks)', () => {
  const fit = fitBgNbd(cdnow);
  it.each([
    ['r', fit.params.r, 0.2426],
    ['alpha', fit.params.alpha, 4.4135],
    ['a', fit.params.a, 0.7929],
    ['b', fit.params.b, 2.4258],
    ['log-likelihood', fit.logLikelihood, -9582.43],
  ])('%s matches the published figure within 0.5 %%', (_name, actual, expected) => {
    expect(relativeError(actual, expected)).toBeLessThan(within);
  });

  it('converges, and the analytic gradient agrees with central differences', () => {
    expect(fit.converged).toBe(true);
    const p = { r: 0.3, alpha: 5, a: 0.9, b: 2 };
    const { gradient } = bgNbdLogLikelihood(p, cdnow);
    const theta = [p.r, p.alpha, p.a, p.b].map(Math.log);
    const h = 1e-6;
    const f = (t: number[]) =>
      bgNbdLogLikelihood({ r: Math.exp(t[0] ?? 0), alpha: Math.exp(t[1] ?? 0), a: Math.exp(t[2] ?? 0), b: Math.exp(t[3] ?? 0) }, cdnow).value;
    theta.forEach((_, i) => {
      const up = [...theta];
      const down = [...theta];
      up[i] = (up[i] ?? 0) + h;
      down[i] = (down[i] ?? 0) - h;
      expect(gradient[i]).toBeCloseTo((f(up) - f(down)) / (2 * h), 3);
    });
  });

  it("reproduces the paper's worked example (x=2, t_x=30.43, T=38.86: 1.226 purchases in 39 weeks)", () => {
    expect(bgNbdExpectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 2);
    expect(bgNbdProbabilityAlive(fit.params, 0, 0, 38.86)).toBe(1);
    expect(bgNbdProbabilityAlive(fit.params, 2, 30.43, 38.86)).toBeLessThan(bgNbdProbabilityAlive(fit.params, 2, 38, 38.86));
  });
});

describe('Pareto/NBD on CDNOW', () => {
  const fit = fitParetoNbd(cdnow);
  it.each([
    ['r', fit.params.r, 0.5533],
    ['alpha', fit.params.alpha, 10.578],
    ['s', fit.params.s, 0.6061],
    ['beta', fit.params.beta, 11.666],
    ['log-likelihood', fit.logLikelihood, -9594.976],
  ])('%s matches the published figure within 0.5 %%', (_name, actual, expected) => {
    expect(relativeError(actual, expected)).toBeLessThan(within);
  });
});

describe('Gamma-Gamma on CDNOW (946 customers with repeat purchases)', () => {
  const spend = spendSummaries(cdnow.frequency, cdnow.monetary ?? new Float64Array());
  const fit = fitGammaGamma(spend);
  it('fits on the 946 repeat buyers', () => expect(fit.customers).toBe(946));
  it.each([
    ['p', fit.params.p, 6.2488],
    ['q', fit.params.q, 3.7446],
    ['gamma', fit.params.gamma, 15.448],
    ['log-likelihood', fit.logLikelihood, -4055.9177],
  ])('%s matches the published figure within 0.5 %%', (_name, actual, expected) => {
    expect(relativeError(actual, expected)).toBeLessThan(within);
  });

  it('has a gradient that vanishes at the optimum only', () => {
    const atOptimum = gammaGammaLogLikelihood(fit.params, spend).gradient;
    const away = gammaGammaLogLikelihood({ ...fit.params, q: fit.params.q * 1.2 }, spend).gradient;
    expect(Math.max(...atOptimum.map(Math.abs))).toBeLessThan(1e-3);
    expect(Math.max(...away.map(Math.abs))).toBeGreaterThan(1);
  });

  it('discounts CLV: a higher rate gives a lower value, zero rate equals purchases × spend', () => {
    const model = { kind: 'bgnbd', params: fitBgNbd(cdnow).params } as const;
    const opts = { stepLength: 4.345, steps: 12, discountRate: 0 };
    const flat = customerLifetimeValue(model, fit.params, 2, 30.43, 38.86, 22.35, opts);
    expect(flat.clv).toBeCloseTo(flat.expectedPurchases * flat.expectedSpend, 9);
    const discounted = customerLifetimeValue(model, fit.params, 2, 30.43, 38.86, 22.35, { ...opts, discountRate: 0.01 });
    expect(discounted.clv).toBeLessThan(flat.clv);
    expect(discounted.clv).toBeGreaterThan(flat.clv / 1.01 ** 12);
  });
});

describe('value by segment', () => {
  it('totals and averages per segment, largest total first', () => {
    const v = (segment: string, clv: number, probabilityAlive: number) => ({ segment, clv, probabilityAlive, expectedPurchases: 1, expectedSpend: clv });
    const out = valueBySegment([v('Lost', 5, 0.1), v('Champions', 100, 0.9), v('Champions', 50, 0.7)]);
    expect(out.map((s) => [s.segment, s.customers, s.totalClv, s.meanClv])).toEqual([
      ['Champions', 2, 150, 75],
      ['Lost', 1, 5, 5],
    ]);
    expect(out[0]?.meanProbabilityAlive).toBeCloseTo(0.8, 12);
  });
});

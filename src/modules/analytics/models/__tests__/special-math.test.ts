import { describe, expect, it } from 'vitest';
import { bfgs, nelderMead } from '../optimize.math.ts';
import { digamma, lgamma, log2F1 } from '../special.math.ts';

describe('special functions', () => {
  it('lgamma matches factorials and Γ(1/2) = √π', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(11)).toBeCloseTo(Math.log(3_628_800), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(1e-3)).toBeCloseTo(6.907178885383854, 12);
  });

  it('digamma matches ψ(1) = −γ and ψ(x+1) = ψ(x) + 1/x', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.3) + 1 / 0.3).toBeCloseTo(digamma(1.3), 13);
  });

  it('log ₂F₁ matches closed forms, near z = 1 too', () => {
    for (const z of [0.1, 0.5, 0.9, 0.99, 0.9999]) {
      // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z
      expect(log2F1(1, 1, 2, z)).toBeCloseTo(Math.log(-Math.log1p(-z) / z), 10);
      // ₂F₁(a, b; b; z) = (1 − z)^(−a)
      expect(log2F1(2.5, 3.7, 3.7, z)).toBeCloseTo(-2.5 * Math.log1p(-z), 9);
    }
    expect(() => log2F1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('optimisers', () => {
  const rosenbrock = (x: readonly number[]) => {
    const [a = 0, b = 0] = x;
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('BFGS finds it with the gradient, in far fewer evaluations', () => {
    const r = bfgs((x) => {
      const [a = 0, b = 0] = x;
      return { value: rosenbrock(x), gradient: [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)] };
    }, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.evaluations).toBeLessThan(nelderMead(rosenbrock, [-1.2, 1]).evaluations);
  });
});

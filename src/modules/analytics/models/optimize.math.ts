/**
 * Our own minimisers (the ecosystem has no maintained scipy.optimize). The models minimise a mean negative
 * log-likelihood over log-parameters, a smooth function of 3–4 variables: BFGS with an analytic gradient converges
 * in a few dozen evaluations; Nelder–Mead is kept for likelihoods whose gradient is costly to write (Pareto/NBD).
 */

export type Objective = (x: readonly number[]) => number;
/** Value and gradient in one pass: the expensive per-customer terms are shared. */
export type ObjectiveWithGradient = (x: readonly number[]) => { value: number; gradient: number[] };

export type MinimizeResult = {
  x: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
};

/** tolerance: relative spread of the simplex's values; pointTolerance: its size (largest coordinate distance). */
export type NelderMeadOptions = { maxIterations?: number; tolerance?: number; pointTolerance?: number; initialStep?: number };

export function nelderMead(f: Objective, start: readonly number[], options: NelderMeadOptions = {}): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.tolerance ?? 1e-12;
  const step = options.initialStep ?? 0.5;
  const pointTolerance = options.pointTolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };
  let simplex: { x: number[]; value: number }[] = [];
  simplex.push({ x: [...start], value: evaluate([...start]) });
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] as number) + step;
    simplex.push({ x, value: evaluate(x) });
  }
  const combine = (a: readonly number[], b: readonly number[], t: number) => a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0] as { x: number[]; value: number };
    const worst = simplex[n] as { x: number[]; value: number };
    const spread = Math.abs(worst.value - best.value);
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.x.map((v, i) => Math.abs(v - (best.x[i] as number))))));
    if (spread <= tolerance * (Math.abs(best.value) + tolerance) && size < pointTolerance) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + ((simplex[k]?.x[i] as number) / n);
    const reflected = combine(centroid, worst.x, -1);
    const fr = evaluate(reflected);
    const secondWorst = simplex[n - 1]?.value ?? Infinity;
    if (fr < best.value) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = evaluate(expanded);
      simplex[n] = fe < fr ? { x: expanded, value: fe } : { x: reflected, value: fr };
    } else if (fr < secondWorst) {
      simplex[n] = { x: reflected, value: fr };
    } else {
      const outside = fr < worst.value;
      const contracted = combine(centroid, outside ? reflected : worst.x, 0.5);
      const fc = evaluate(contracted);
      if (fc < (outside ? fr : worst.value)) {
        simplex[n] = { x: contracted, value: fc };
      } else {
        simplex = simplex.map((p, k) => {
          if (k === 0) return p;
          const x = combine(best.x, p.x, 0.5);
          return { x, value: evaluate(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const best = simplex[0] as { x: number[]; value: number };
  return { x: best.x, value: best.value, iterations, evaluations, converged };
}

export type BfgsOptions = { maxIterations?: number; gradientTolerance?: number };

/** BFGS with a dense inverse-Hessian (few parameters) and a backtracking Armijo line search. */
export function bfgs(f: ObjectiveWithGradient, start: readonly number[], options: BfgsOptions = {}): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-9;
  let evaluations = 1;
  let x = [...start];
  let current = f(x);
  if (!Number.isFinite(current.value)) throw new RangeError('bfgs: objective is not finite at the start point');
  let h = identity(n);
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (Math.max(...g.map(Math.abs)) < gtol) {
      converged = true;
      break;
    }
    let direction = matVec(h, g).map((v) => -v);
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // The curvature estimate went bad: restart from steepest descent.
      h = identity(n);
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    let t = 1;
    let next: { value: number; gradient: number[] } | undefined;
    let xNext = x;
    for (let k = 0; k < 60; k++) {
      xNext = x.map((xi, i) => xi + t * (direction[i] as number));
      const candidate = f(xNext);
      evaluations++;
      if (Number.isFinite(candidate.value) && candidate.value <= current.value + 1e-4 * t * slope) {
        next = candidate;
        break;
      }
      t *= 0.5;
    }
    if (!next) break;
    const s = xNext.map((v, i) => v - (x[i] as number));
    const y = next.gradient.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    const improvement = current.value - next.value;
    x = xNext;
    current = next;
    if (sy > 1e-14) h = bfgsUpdate(h, s, y, sy);
    if (improvement >= 0 && improvement < 1e-15 * Math.max(1, Math.abs(current.value))) {
      converged = Math.max(...current.gradient.map(Math.abs)) < 1e-5;
      break;
    }
  }
  return { x, value: current.value, iterations, evaluations, converged };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function matVec(m: number[][], v: readonly number[]): number[] {
  return m.map((row) => dot(row, v));
}

function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const hy = matVec(h, y);
  const yhy = dot(y, hy);
  const out = identity(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      out[i]![j] =
        (h[i]?.[j] as number) + ((sy + yhy) * si * sj) / (sy * sy) - ((hy[i] as number) * sj + si * (hy[j] as number)) / sy;
    }
  }
  return out;
}

/** Central-difference gradient, for objectives without an analytic one. */
export function withNumericGradient(f: Objective, step = 1e-6): ObjectiveWithGradient {
  return (x) => {
    const value = f(x);
    const gradient = x.map((_, i) => {
      const up = [...x];
      const down = [...x];
      up[i] = (up[i] as number) + step;
      down[i] = (down[i] as number) - step;
      return (f(up) - f(down)) / (2 * step);
    });
    return { value, gradient };
  };
}

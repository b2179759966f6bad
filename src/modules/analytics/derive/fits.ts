/**
 * Fitted model parameters, cached per tenant in the store.
 *
 * Why cache: a BG/NBD or Pareto/NBD fit is an optimisation over every customer (seconds at a million customers,
 * Pareto/NBD much longer), while scoring one customer with known parameters is a few logarithms. The parameters
 * describe the whole customer base and move slowly, so they are refitted only after a rebuild, or when the number
 * of order lines has moved by more than REFIT_SHARE since the fit — not on every request or every new order.
 */
import { fitBgNbd, type BgNbdParams } from '../models/bgnbd.model.ts';
import { fitGammaGamma, spendSummaries, type GammaGammaParams } from '../models/gamma-gamma.model.ts';
import { fitParetoNbd, type ParetoNbdParams } from '../models/pareto-nbd.model.ts';
import type { CustomerSummaries } from '../models/summary.types.ts';
import { lit, type StoreConnection } from '../store/store.ts';

export const REFIT_SHARE = 0.1;
export const PARETO_TIME_LIMIT_MS = 10_000;
export const MIN_CUSTOMERS = 20;

/** Fits that failed, by tenant and model, with the order-line count they failed at and why (this process only). */
const failures = new Map<string, { lines: number; reason: string }>();

/** Why the tenant's fit of `model` could not be made, when the last attempt failed; undefined otherwise. */
export function fitFailure(tenantId: string, model: FitModel): string | undefined {
  return failures.get(`${tenantId}:${model}`)?.reason;
}

export type FitModel = 'bgnbd' | 'pareto' | 'gamma-gamma';
export type Fit<P> = { params: P; fittedAt: string; customers: number; logLikelihood: number };
export type Fits = { bgnbd?: Fit<BgNbdParams>; pareto?: Fit<ParetoNbdParams>; spend?: Fit<GammaGammaParams> };

type Stored = { model: string; fitted_at: string; customers: number; lines_at_fit: string | number; log_likelihood: number; params: string };

export async function storedFits(db: StoreConnection, tenantId: string): Promise<Stored[]> {
  return (await db.all(`SELECT model, CAST(fitted_at AS VARCHAR) AS fitted_at, customers, lines_at_fit, log_likelihood, params FROM model_fits WHERE tenant_id = ${lit(tenantId)} ORDER BY model`)) as Stored[];
}

function stale(fit: Stored | undefined, lines: number, lastRebuildAt: string | null): boolean {
  if (!fit) return true;
  const before = Number(fit.lines_at_fit);
  if (Math.abs(lines - before) > REFIT_SHARE * Math.max(before, 1)) return true;
  return lastRebuildAt !== null && lastRebuildAt > fit.fitted_at;
}

function asFit<P>(row: Stored): Fit<P> {
  return { params: JSON.parse(row.params) as P, fittedAt: `${row.fitted_at.replace(' ', 'T')}Z`, customers: row.customers, logLikelihood: row.log_likelihood };
}

async function save(db: StoreConnection, tenantId: string, model: FitModel, lines: number, fit: { params: object; customers: number; logLikelihood: number }): Promise<void> {
  await db.run(`DELETE FROM model_fits WHERE tenant_id = $1 AND model = $2`, [tenantId, model]);
  await db.run(`INSERT INTO model_fits VALUES ($1, $2, now()::TIMESTAMP, $3, $4, $5, $6)`, [tenantId, model, fit.customers, lines, fit.logLikelihood, JSON.stringify(fit.params)]);
}

/**
 * The tenant's fits, refitting the stale ones. `models` says which count models are wanted (Pareto/NBD is slow,
 * so it is fitted only when asked for). A fit that fails (too few customers, no convergence) is left out.
 */
export async function ensureFits(db: StoreConnection, tenantId: string, load: () => Promise<CustomerSummaries>, lines: number, lastRebuildAt: string | null, models: readonly ('bgnbd' | 'pareto')[]): Promise<Fits> {
  const byModel = new Map((await storedFits(db, tenantId)).map((row) => [row.model, row]));
  const wanted: FitModel[] = [...models, 'gamma-gamma'];
  if (wanted.some((model) => stale(byModel.get(model), lines, lastRebuildAt))) await refit(db, tenantId, await load(), lines, lastRebuildAt, byModel, wanted);
  return currentFits(db, tenantId);
}

/** The tenant's stored fits as they are, never refitting: for readers that must not run an optimisation. */
export async function currentFits(db: StoreConnection, tenantId: string): Promise<Fits> {
  const fresh = new Map((await storedFits(db, tenantId)).map((row) => [row.model, row]));
  const bg = fresh.get('bgnbd');
  const pa = fresh.get('pareto');
  const gg = fresh.get('gamma-gamma');
  return { ...(bg ? { bgnbd: asFit<BgNbdParams>(bg) } : {}), ...(pa ? { pareto: asFit<ParetoNbdParams>(pa) } : {}), ...(gg ? { spend: asFit<GammaGammaParams>(gg) } : {}) };
}

async function refit(db: StoreConnection, tenantId: string, summaries: CustomerSummaries, lines: number, lastRebuildAt: string | null, byModel: Map<string, Stored>, models: FitModel[]): Promise<void> {
  const n = summaries.frequency.length;
  // Too few customers tell nothing about the population's purchase rates; no repeat purchase at all leaves the
  // purchase and dropout processes unidentified (the likelihood grows without bound towards rate 0).
  const reasonNone = n < MIN_CUSTOMERS ? `${n} customers with purchases; a fit needs at least ${MIN_CUSTOMERS}` : !summaries.frequency.some((x) => x > 0) ? 'no customer has a repeat purchase' : undefined;
  const attempt = async (model: FitModel, fit: () => { params: object; logLikelihood: number; customers: number }) => {
    if (!models.includes(model) || !stale(byModel.get(model), lines, lastRebuildAt)) return;
    const key = `${tenantId}:${model}`;
    const failed = failures.get(key);
    if (failed !== undefined && !stale({ lines_at_fit: failed.lines } as Stored, lines, null)) return;
    try {
      if (reasonNone) throw new Error(reasonNone);
      const result = fit();
      if (![...Object.values(result.params)].every((v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error('parameters out of range');
      await save(db, tenantId, model, lines, result);
      failures.delete(key);
    } catch (error) {
      // No usable fit: the lifetime value stays unknown (null, with this reason) rather than wrong, and the fit is
      // not tried again until the data moves as much as it would take to refit.
      failures.set(key, { lines, reason: error instanceof Error ? error.message : String(error) });
    }
  };
  await attempt('bgnbd', () => ({ ...fitBgNbd(summaries), customers: n }));
  await attempt('pareto', () => {
    // Pareto/NBD is fitted in the request that first asks for it: bounded, and only a converged fit is kept.
    const fit = fitParetoNbd(summaries, undefined, { timeLimitMs: PARETO_TIME_LIMIT_MS });
    if (!fit.converged) throw new Error(`Pareto/NBD did not converge within ${PARETO_TIME_LIMIT_MS / 1000} s`);
    return { ...fit, customers: n };
  });
  await attempt('gamma-gamma', () => {
    const fit = fitGammaGamma(spendSummaries(summaries.frequency, summaries.monetary ?? new Float64Array(n)));
    return { params: fit.params, logLikelihood: fit.logLikelihood, customers: fit.customers };
  });
}

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

export type FitModel = 'bgnbd' | 'pareto' | 'gamma-gamma';

/**
 * Why a fit could not be made, as a code and the numbers behind it (the web app words it per language; the API's
 * schema describes each code). `customers` is the fit's input size: customers with at least one purchase.
 */
export type FitFailure =
  | { code: 'too-few-customers'; customers: number; minimum: number }
  | { code: 'no-repeat-purchase'; customers: number }
  | { code: 'not-converged'; customers: number; timeLimitSeconds: number }
  | { code: 'parameters-out-of-range'; customers: number }
  | { code: 'fit-error'; customers: number; detail: string };

/** The last attempt at fitting a model for a tenant, kept in `fit_outcomes` beside `model_fits` (it outlives a restart). */
export type FitOutcome = {
  model: FitModel;
  attemptedAt: string;
  customers: number;
  lines: number;
} & ({ outcome: 'fitted'; params: Record<string, number>; logLikelihood: number } | { outcome: 'failed'; failure: FitFailure });

/** A failure as one English sentence, for logs and for API readers that only show text. */
export function describeFitFailure(failure: FitFailure): string {
  switch (failure.code) {
    case 'too-few-customers':
      return `${failure.customers} customers with purchases; a fit needs at least ${failure.minimum}`;
    case 'no-repeat-purchase':
      return `none of the ${failure.customers} customers has bought a second time`;
    case 'not-converged':
      return `the fit did not converge within ${failure.timeLimitSeconds} s`;
    case 'parameters-out-of-range':
      return 'the fitted parameters are not positive finite numbers';
    case 'fit-error':
      return `the fit failed: ${failure.detail}`;
  }
}

class FitFailed extends Error {
  readonly failure: FitFailure;
  constructor(failure: FitFailure) {
    super(describeFitFailure(failure));
    this.failure = failure;
  }
}
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

type StoredOutcome = { model: string; attempted_at: string; customers: number; lines: string | number; outcome: string; params: string | null; log_likelihood: number | null; failure: string | null };

/** The last fit attempt of each model for the tenant (whether it gave parameters or failed, and why). */
export async function fitOutcomes(db: StoreConnection, tenantId: string): Promise<FitOutcome[]> {
  const rows = (await db.all(`SELECT model, CAST(attempted_at AS VARCHAR) AS attempted_at, customers, lines, outcome, params, log_likelihood, failure
    FROM fit_outcomes WHERE tenant_id = ${lit(tenantId)} ORDER BY model`)) as StoredOutcome[];
  return rows.map((row) => {
    const common = { model: row.model as FitModel, attemptedAt: `${row.attempted_at.replace(' ', 'T')}Z`, customers: row.customers, lines: Number(row.lines) };
    return row.outcome === 'fitted'
      ? { ...common, outcome: 'fitted' as const, params: JSON.parse(row.params ?? '{}') as Record<string, number>, logLikelihood: Number(row.log_likelihood) }
      : { ...common, outcome: 'failed' as const, failure: JSON.parse(row.failure ?? 'null') as FitFailure };
  });
}

/** Why the tenant's last fit of `model` failed; undefined when it has not been tried or gave parameters. */
export async function fitFailure(db: StoreConnection, tenantId: string, model: FitModel): Promise<(FitOutcome & { outcome: 'failed' }) | undefined> {
  const last = (await fitOutcomes(db, tenantId)).find((o) => o.model === model);
  return last?.outcome === 'failed' ? last : undefined;
}

async function saveOutcome(db: StoreConnection, tenantId: string, model: FitModel, lines: number, customers: number, result: { params: object; logLikelihood: number } | FitFailure): Promise<void> {
  const fitted = 'params' in result;
  await db.run(`DELETE FROM fit_outcomes WHERE tenant_id = $1 AND model = $2`, [tenantId, model]);
  await db.run(`INSERT INTO fit_outcomes VALUES ($1, $2, now()::TIMESTAMP, $3, $4, $5, $6, $7, $8)`, [
    tenantId, model, customers, lines, fitted ? 'fitted' : 'failed',
    fitted ? JSON.stringify(result.params) : null, fitted ? result.logLikelihood : null, fitted ? null : JSON.stringify(result),
  ]);
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
  const none: FitFailure | undefined = n < MIN_CUSTOMERS ? { code: 'too-few-customers', customers: n, minimum: MIN_CUSTOMERS } : !summaries.frequency.some((x) => x > 0) ? { code: 'no-repeat-purchase', customers: n } : undefined;
  const failedBefore = new Map((await fitOutcomes(db, tenantId)).filter((o) => o.outcome === 'failed').map((o) => [o.model, o]));
  const attempt = async (model: FitModel, fit: () => { params: object; logLikelihood: number; customers: number }) => {
    if (!models.includes(model) || !stale(byModel.get(model), lines, lastRebuildAt)) return;
    // A failed fit is not tried again until the data moves as much as it would take to refit (or a rebuild): the
    // outcome is stored, so a restarted server neither retries it nor forgets why it failed.
    const failed = failedBefore.get(model);
    if (failed && !stale({ lines_at_fit: failed.lines, fitted_at: failed.attemptedAt.replace('T', ' ').replace(/Z$/, '') } as Stored, lines, lastRebuildAt)) return;
    let result: { params: object; logLikelihood: number; customers: number } | FitFailure;
    try {
      if (none) throw new FitFailed(none);
      result = fit();
      if (![...Object.values(result.params)].every((v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0)) result = { code: 'parameters-out-of-range', customers: n };
    } catch (error) {
      // No usable fit: the lifetime value stays unknown (null, with this reason) rather than wrong.
      result = error instanceof FitFailed ? error.failure : { code: 'fit-error', customers: n, detail: error instanceof Error ? error.message : String(error) };
    }
    if ('params' in result) await save(db, tenantId, model, lines, result);
    await saveOutcome(db, tenantId, model, lines, 'params' in result ? result.customers : n, result);
  };
  await attempt('bgnbd', () => ({ ...fitBgNbd(summaries), customers: n }));
  await attempt('pareto', () => {
    // Pareto/NBD is fitted in the request that first asks for it: bounded, and only a converged fit is kept.
    const fit = fitParetoNbd(summaries, undefined, { timeLimitMs: PARETO_TIME_LIMIT_MS });
    if (!fit.converged) throw new FitFailed({ code: 'not-converged', customers: n, timeLimitSeconds: PARETO_TIME_LIMIT_MS / 1000 });
    return { ...fit, customers: n };
  });
  await attempt('gamma-gamma', () => {
    const fit = fitGammaGamma(spendSummaries(summaries.frequency, summaries.monetary ?? new Float64Array(n)));
    return { params: fit.params, logLikelihood: fit.logLikelihood, customers: fit.customers };
  });
}

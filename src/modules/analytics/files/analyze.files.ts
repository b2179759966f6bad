/**
 * The database-free analyses behind `guanxi analytics rfm|clv|basket`: read a file, compute, write a file, return a
 * summary for `--json`. Progress goes through a callback so the caller decides where it is shown.
 */
import { associationRules } from '../models/association-rules.model.ts';
import { fitBgNbd, type BgNbdFit } from '../models/bgnbd.model.ts';
import { customerLifetimeValue, expectedPurchases, probabilityAlive, type CountModel } from '../models/clv.model.ts';
import { fpGrowth } from '../models/fpgrowth.model.ts';
import { fitGammaGamma, spendSummaries, type GammaGammaFit } from '../models/gamma-gamma.model.ts';
import { fitParetoNbd, type ParetoNbdFit } from '../models/pareto-nbd.model.ts';
import { readBasketLines, readOrderBaskets } from './basket.files.ts';
import { PERIOD_DAYS, readPurchaseSummaries, type PeriodUnit } from './clv.files.ts';
import { openDuckDb } from './duckdb.session.ts';
import { explainConversion, type LineColumns } from './lines.sql.ts';
import { rfmHistorySql, rfmSnapshotSql, summariseRfm, type RfmPeriod, type RfmSummary } from './rfm.files.ts';
import { columnsOf, copyQueryTo, formatOf, inputRelation, requireColumns, writeColumns } from './table.io.ts';

export type Progress = { stage(name: string, total?: number): void; tick(done: number): void; end(): void };
export const silentProgress: Progress = { stage() {}, tick() {}, end() {} };

function columnFlags(c: LineColumns): Record<string, string | undefined> {
  return {
    'customer-col': c.customer,
    'date-col': c.date,
    'amount-col': c.amount,
    'price-col': c.price,
    'quantity-col': c.quantity,
    'order-col': c.order,
  };
}

export type RfmFileOptions = {
  input: string;
  output: string;
  columns: LineColumns;
  asOf?: string;
  period?: RfmPeriod;
  /** Read the output back for segment counts and quantiles (for --json); off, only the row count is known. */
  summary?: boolean;
};

export async function analyzeRfmFile(o: RfmFileOptions, progress: Progress = silentProgress): Promise<{ rows: number; summary?: RfmSummary }> {
  formatOf(o.output);
  const session = await openDuckDb();
  try {
    const relation = inputRelation(o.input);
    const types = await columnsOf(session, relation);
    requireColumns(o.input, types, columnFlags(o.columns));
    progress.stage('RFM: aggregating and scoring');
    const sql = o.period ? rfmHistorySql(relation, types, o.columns, o.period) : rfmSnapshotSql(relation, types, o.columns, o.asOf);
    const rows = await copyQueryTo(session, sql, o.output).catch((error: unknown) => {
      throw explainConversion(error, o.columns, o.input);
    });
    if (!o.summary) return { rows };
    progress.stage('RFM: summary');
    return { rows, summary: await summariseRfm(session, inputRelation(o.output), o.period !== undefined) };
  } finally {
    progress.end();
    session.close();
  }
}

export type ClvFileOptions = {
  input: string;
  output: string;
  columns: LineColumns;
  model: 'bgnbd' | 'pareto';
  period: PeriodUnit;
  calibrationEnd?: string;
  /** Per month, as in lifetimes (0.01 = 1 % a month). */
  discountRate: number;
  horizonMonths: number;
};

export type ClvSummary = {
  customers: number;
  calibrationEnd: string;
  period: PeriodUnit;
  model: 'bgnbd' | 'pareto';
  params: BgNbdFit['params'] | ParetoNbdFit['params'];
  logLikelihood: number;
  converged: boolean;
  spend?: { params: GammaGammaFit['params']; logLikelihood: number; customers: number; converged: boolean };
  horizonMonths: number;
  discountRate: number;
  totalClv?: number;
  meanProbabilityAlive: number;
  expectedPurchases: number;
  /** Purchases after the calibration end: actual, and predicted by the model for the same length. */
  holdout?: { periods: number; actual: number; predicted: number };
};

export async function analyzeClvFile(o: ClvFileOptions, progress: Progress = silentProgress): Promise<ClvSummary> {
  formatOf(o.output);
  if (!(o.discountRate > -1 && o.discountRate < 1)) throw new RangeError(`--discount-rate must lie in (−1, 1), got ${o.discountRate}`);
  if (!(o.horizonMonths > 0 && Number.isInteger(o.horizonMonths))) throw new RangeError(`--horizon must be a whole number of months, got ${o.horizonMonths}`);
  const session = await openDuckDb();
  try {
    const relation = inputRelation(o.input);
    const types = await columnsOf(session, relation);
    requireColumns(o.input, types, columnFlags(o.columns));
    progress.stage('CLV: summarising purchases');
    const s = await readPurchaseSummaries(session, relation, types, o.columns, o.period, o.calibrationEnd).catch((error: unknown) => {
      throw explainConversion(error, o.columns, o.input);
    });
    progress.stage(`CLV: fitting ${o.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'} on ${s.customerIds.length} customers`);
    const fit = o.model === 'bgnbd' ? fitBgNbd(s) : fitParetoNbd(s);
    const model: CountModel = o.model === 'bgnbd' ? { kind: 'bgnbd', params: (fit as BgNbdFit).params } : { kind: 'pareto', params: (fit as ParetoNbdFit).params };
    let spend: GammaGammaFit | undefined;
    if (o.columns.amount || o.columns.price) {
      progress.stage('CLV: fitting Gamma-Gamma');
      spend = fitGammaGamma(spendSummaries(s.frequency, s.monetary));
    }
    const n = s.customerIds.length;
    const stepLength = PERIOD_DAYS.month / PERIOD_DAYS[o.period];
    const pAlive = new Float64Array(n);
    const purchases = new Float64Array(n);
    const expectedSpend = new Float64Array(n);
    const clv = new Float64Array(n);
    const predictedHoldout = new Float64Array(n);
    progress.stage('CLV: scoring customers', n);
    for (let i = 0; i < n; i++) {
      const x = s.frequency[i] as number;
      const tx = s.recency[i] as number;
      const T = s.age[i] as number;
      if (spend) {
        const v = customerLifetimeValue(model, spend.params, x, tx, T, s.monetary[i] as number, {
          stepLength,
          steps: o.horizonMonths,
          discountRate: o.discountRate,
        });
        pAlive[i] = v.probabilityAlive;
        purchases[i] = v.expectedPurchases;
        expectedSpend[i] = v.expectedSpend;
        clv[i] = v.clv;
      } else {
        pAlive[i] = probabilityAlive(model, x, tx, T);
        purchases[i] = expectedPurchases(model, stepLength * o.horizonMonths, x, tx, T);
      }
      if (s.holdoutLength > 0) predictedHoldout[i] = expectedPurchases(model, s.holdoutLength, x, tx, T);
      if (i % 10_000 === 0) progress.tick(i);
    }
    progress.stage('CLV: writing');
    const columns = [
      { name: 'customer_id', type: 'text', values: s.customerIds },
      { name: 'frequency', type: 'integer', values: s.frequency },
      { name: 'recency', type: 'double', values: s.recency },
      { name: 'T', type: 'double', values: s.age },
      { name: 'monetary', type: 'double', values: s.monetary },
      { name: 'p_alive', type: 'double', values: pAlive },
      { name: 'expected_purchases', type: 'double', values: purchases },
      ...(spend
        ? ([
            { name: 'expected_spend', type: 'double', values: expectedSpend },
            { name: 'clv', type: 'double', values: clv },
          ] as const)
        : []),
      ...(s.holdoutLength > 0
        ? ([
            { name: 'holdout_purchases', type: 'integer', values: s.holdout },
            { name: 'predicted_holdout_purchases', type: 'double', values: predictedHoldout },
          ] as const)
        : []),
    ] as const;
    await writeColumns(session, o.output, columns);
    const sum = (a: Float64Array) => a.reduce((acc, v) => acc + v, 0);
    return {
      customers: n,
      calibrationEnd: s.calibrationEnd,
      period: o.period,
      model: o.model,
      params: fit.params,
      logLikelihood: fit.logLikelihood,
      converged: fit.converged,
      ...(spend ? { spend: { params: spend.params, logLikelihood: spend.logLikelihood, customers: spend.customers, converged: spend.converged } } : {}),
      horizonMonths: o.horizonMonths,
      discountRate: o.discountRate,
      ...(spend ? { totalClv: sum(clv) } : {}),
      meanProbabilityAlive: sum(pAlive) / n,
      expectedPurchases: sum(purchases),
      ...(s.holdoutLength > 0 ? { holdout: { periods: s.holdoutLength, actual: sum(s.holdout), predicted: sum(predictedHoldout) } } : {}),
    };
  } finally {
    progress.end();
    session.close();
  }
}

export type BasketFileOptions = {
  input: string;
  output: string;
  format: 'baskets' | 'lines';
  order?: string;
  item?: string;
  quantity?: string;
  minSupport: number;
  minConfidence: number;
  maxLength?: number;
};

export type BasketSummary = { transactions: number; items: number; minCount: number; itemsets: number; rules: number };

export async function analyzeBasketFile(o: BasketFileOptions, progress: Progress = silentProgress): Promise<BasketSummary> {
  formatOf(o.output);
  for (const [flag, v] of [['min-support', o.minSupport], ['min-confidence', o.minConfidence]] as const) {
    if (!(v > 0 && v <= 1)) throw new RangeError(`--${flag} must lie in (0, 1], got ${v}`);
  }
  const session = await openDuckDb();
  try {
    progress.stage('basket: reading');
    let baskets: string[][];
    if (o.format === 'baskets') {
      inputRelation(o.input); // existence check with the usual message
      baskets = readBasketLines(o.input);
    } else {
      if (!o.order || !o.item) throw new RangeError('order lines need --order-col and --item-col (or use --format baskets)');
      const relation = inputRelation(o.input);
      requireColumns(o.input, await columnsOf(session, relation), { 'order-col': o.order, 'item-col': o.item, 'quantity-col': o.quantity });
      baskets = await readOrderBaskets(session, relation, { order: o.order, item: o.item, ...(o.quantity ? { quantity: o.quantity } : {}) });
    }
    progress.stage(`basket: FP-Growth over ${baskets.length} baskets`);
    const frequent = fpGrowth(baskets, { minSupport: o.minSupport, ...(o.maxLength ? { maxLength: o.maxLength } : {}) });
    const rules = associationRules(frequent, o.minConfidence);
    progress.stage('basket: writing rules');
    await writeColumns(session, o.output, [
      { name: 'antecedent', type: 'text', values: rules.map((r) => [...r.antecedent].sort().join('|')) },
      { name: 'consequent', type: 'text', values: rules.map((r) => r.consequent) },
      { name: 'support', type: 'double', values: rules.map((r) => r.support) },
      { name: 'confidence', type: 'double', values: rules.map((r) => r.confidence) },
      { name: 'lift', type: 'double', values: rules.map((r) => r.lift) },
    ]);
    return { transactions: baskets.length, items: frequent.items.length, minCount: frequent.minCount, itemsets: frequent.itemsets.length, rules: rules.length };
  } finally {
    progress.end();
    session.close();
  }
}

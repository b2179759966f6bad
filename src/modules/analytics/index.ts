/**
 * Analytics: RFM with segments, BG/NBD, Pareto/NBD and Gamma-Gamma lifetime value, FP-Growth association rules,
 * cross-sell, churn and preference-shift signals, value tiers. `models/` is pure (no I/O); `files/` runs the same
 * models over CSV or Parquet through embedded DuckDB for the CLI; `store/` is the DuckDB analytics store fed from the
 * outbox (and rebuilt from the OLTP tables through injected sources); `derive/` and `api/` compute and serve it.
 */
export * from './models/rfm.model.ts';
export * from './models/summary.types.ts';
export * from './models/bgnbd.model.ts';
export * from './models/pareto-nbd.model.ts';
export * from './models/gamma-gamma.model.ts';
export * from './models/clv.model.ts';
export * from './models/fpgrowth.model.ts';
export * from './models/association-rules.model.ts';
export * from './models/cross-sell.model.ts';
export * from './models/preference-shift.model.ts';
export * from './models/value-tier.model.ts';
export * from './models/churn.model.ts';
export { decimalFraction, meetsThreshold, minimumCount, type Fraction } from './models/threshold.math.ts';
export {
  analyzeBasketFile,
  analyzeClvFile,
  analyzeRfmFile,
  silentProgress,
  type BasketFileOptions,
  type BasketSummary,
  type ClvFileOptions,
  type ClvSummary,
  type Progress,
  type RfmFileOptions,
} from './files/analyze.files.ts';
export type { LineColumns } from './files/lines.sql.ts';
export type { RfmSummary, RfmPeriod } from './files/rfm.files.ts';
export type { PeriodUnit } from './files/clv.files.ts';
export { openDuckDb, type DuckSession } from './files/duckdb.session.ts';
export { createAnalyticsService, type AnalyticsDeps, type AnalyticsService } from './api/analytics.service.ts';
export { analyticsRoutes } from './api/analytics.routes.ts';
export { exportAll as exportAnalyticsStore } from './store/parquet.ts';
export { openAnalyticsStore, type AnalyticsStore } from './store/store.ts';
export type { AnalyticsSources } from './store/sources.ts';

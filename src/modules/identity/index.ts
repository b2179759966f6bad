/**
 * Identity resolution: which touchpoint records are the same customer, and why. Pure functions and an
 * incremental index, with no database: `resolveRecords`/`resolveStore` for batches (the `guanxi identity resolve`
 * command), `IdentityIndex` to match one new record in real time, `trainParams` + `serialiseParams`/`parseParams`
 * to learn a model once and reload it, `pairwiseScores` to measure quality against ground truth, and the
 * synthetic Chinese record generator used by the benchmarks.
 */
export type {
  BlockingRule, ComparisonKind, ComparisonSpec, FieldContribution, ModelParams, ModelSpec, PairExplanation, RawRecord,
} from './matcher/model.types.ts';
export { chinesePersonSpec, febrlSpec, fakeSpec, restaurantSpec } from './matcher/specs.ts';
export { RecordStore } from './matcher/record-store.ts';
export { generateCandidatePairs, type CandidatePairs } from './matcher/blocking.ts';
export { trainParams, estimateU, totalPairs, type TrainingOptions } from './matcher/training.ts';
export { createScorer, probabilityFromWeight, weightFromProbability, type Scorer } from './matcher/scoring.ts';
export { clusterRecords, type Clustering } from './matcher/clustering.ts';
export { createRecordStore, resolveRecords, resolveStore, type ResolveOptions, type ResolveResult, type ResolveStage } from './matcher/resolve.ts';
export { IdentityIndex, type ScoredCandidate } from './matcher/identity-index.ts';
export { parseParams, rescalePrior, serialiseParams } from './matcher/params-json.ts';
export { chinesePersonDefaultParams } from './matcher/chinese-person.params.ts';
export { pairwiseScores, type PairwiseScores } from './matcher/evaluation.ts';
export { jaroWinkler, withinOneEdit } from './matcher/similarity.ts';
export { splitPhones } from './matcher/columns/contact-columns.ts';
export { generateChineseRecords, type SynthOptions, type SynthRecord } from './synth/chinese-records.synth.ts';

// The database side: touchpoints, imports, real-time matching, review queue, merges (migrations, service, routes).
export const identityMigrations = { module: 'identity', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };
import { fileURLToPath } from 'node:url';
export { createIdentityService, type IdentityService } from './identity.service.ts';
export { identityRoutes } from './identity.routes.ts';
export { fileOfBuffer, touchpointKey, type ImportFile, type ImportReport } from './import/people-import.ts';
export { DEFAULT_THRESHOLDS, type MatchThresholds } from './touchpoint.matching.ts';
export type { PersonRelinker } from './merge.service.ts';

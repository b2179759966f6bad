/** Kysely types of the identity module's tables. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ModelParams, PairExplanation } from './matcher/model.types.ts';
import type { NormalisedTouchpoint } from './touchpoint.normalise.ts';

type Json<T extends object | null> = JSONColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type TouchpointsTable = {
  tenantId: string;
  id: string;
  touchpointKey: string;
  source: string;
  receivedAt: Defaulted<Date>;
  raw: Json<Record<string, string>>;
  normalised: Json<NormalisedTouchpoint>;
  personId: string;
  status: 'pending' | 'linked';
  linkKind: 'created' | 'matched' | 'manual' | 'merged';
  matchProbability: number | null;
  explanation: ColumnType<PairExplanation | null, string | null, string | null>;
  importId: string | null;
  line: number | null;
  createdBy: string | null;
};

export type ImportsTable = {
  tenantId: string;
  id: string;
  source: string;
  fileName: string;
  contentHash: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowsRead: Generated<number>;
  created: Generated<number>;
  matched: Generated<number>;
  review: Generated<number>;
  rejected: Generated<number>;
  startedAt: Defaulted<Date>;
  finishedAt: Date | null;
  createdBy: string | null;
  /** Where an uploaded file waits while its job is queued or running (removed when it ends). */
  storedPath: ColumnType<string | null, string | null | undefined, string | null>;
  fileSize: ColumnType<string | null, number | null | undefined, number | null>;
  bytesRead: ColumnType<string, number | undefined, number>;
  mapping: ColumnType<string | null, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  report: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  heartbeatAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type ReviewPairsTable = {
  tenantId: string;
  id: string;
  leftId: string;
  rightId: string;
  probability: number;
  explanation: Json<PairExplanation>;
  status: 'open' | 'same' | 'different';
  decidedBy: string | null;
  decidedAt: Date | null;
  /** review: a reviewer's decision; merge: the two people were merged by hand; settled: closed by someone else's merge. */
  decidedHow: ColumnType<'review' | 'merge' | 'settled' | null, 'review' | 'merge' | 'settled' | null | undefined, 'review' | 'merge' | 'settled' | null>;
  createdAt: Defaulted<Date>;
};

export type MergesTable = {
  tenantId: string;
  id: string;
  survivorId: string;
  mergedId: string;
  priorState: Json<Record<string, unknown>>;
  mergedAt: Defaulted<Date>;
  mergedBy: string | null;
  undoneAt: Date | null;
  undoneBy: string | null;
};

export type ModelsTable = {
  tenantId: string;
  id: string;
  params: Json<ModelParams>;
  sameCount: number;
  differentCount: number;
  trainedAt: Defaulted<Date>;
  trainedBy: string | null;
};

export type IdentityTables = {
  identityModels: ModelsTable;
  identityTouchpoints: TouchpointsTable;
  identityImports: ImportsTable;
  identityReviewPairs: ReviewPairsTable;
  identityMerges: MergesTable;
};

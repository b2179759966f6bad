/** The shapes of the identity model: what is compared (spec) and what was learnt (params, JSON-serialisable). */

/** A record as received: column name → text. Missing and empty are the same thing. */
export type RawRecord = Readonly<Record<string, string | undefined>>;

export type ComparisonKind = 'person-name' | 'text' | 'code' | 'date' | 'cn-address' | 'phone' | 'email';

export type ComparisonSpec = {
  /** Unique name, used in params and explanations. */
  name: string;
  kind: ComparisonKind;
  /** Source columns of the raw record (joined by a space when several). */
  fields: string[];
  /** Term-frequency adjustment on the agreement levels that support it (names, cities, email handles). */
  termFrequency?: boolean;
  /** Level labels that forbid a link whatever the other fields say (e.g. two different full birth dates). */
  veto?: string[];
  /** Jaro–Winkler thresholds for 'text' (default [0.92, 0.8]). */
  thresholds?: number[];
  /** 'text': a raw field this one is often swapped with (first name ↔ surname): adds a 'swapped' level. */
  swapWith?: string;
  /** 'text': add a 'tokens' level — every word of one value appears in the other. */
  tokens?: boolean;
  /** 'code': add a one-edit 'typo' level (postcodes, id numbers). */
  typo?: boolean;
};

/** A blocking rule: pairs of records whose keys are all equal become candidates. */
export type BlockingRule = {
  name: string;
  keys: Array<{ comparison: string; key: string }>;
};

export type ModelSpec = {
  name: string;
  comparisons: ComparisonSpec[];
  blocking: BlockingRule[];
  /** Linkage between sources rather than deduplication: pairs within one source are never compared. */
  linkOnlyField?: string;
  /**
   * A link needs at least one of these agreements: the person's own evidence. Without it a pair is vetoed,
   * however much household evidence (same address, same landline) it has — households are kept apart.
   */
  requireOneOf?: Array<{ comparison: string; levels: string[] }>;
  /** Blocks larger than this are skipped (their pairs would swamp the run); counted in the stats. */
  maxBlockSize?: number;
};

/** Learnt parameters. m and u are per level (index 0, the null level, is unused and kept at 1). */
export type ModelParams = {
  version: 1;
  spec: string;
  /** Prior probability that two records taken at random are a match (over all pairs, not candidate pairs). */
  lambda: number;
  /** Number of records the parameters were learnt on: the prior scales as 1/records (see rescalePrior). */
  records?: number;
  comparisons: Array<{ name: string; levels: string[]; m: number[]; u: number[] }>;
};

export type FieldContribution = {
  comparison: string;
  level: string;
  /** log2 Bayes factor added by this field (0 for a missing value). */
  weight: number;
  /** The Bayes factor itself, 2^weight: how many times likelier this agreement is among matches. */
  bayesFactor: number;
  /** Part of the weight coming from the term-frequency adjustment. */
  tfAdjustment: number;
  left: string;
  right: string;
};

export type PairExplanation = {
  left: number;
  right: number;
  priorWeight: number;
  totalWeight: number;
  probability: number;
  vetoedBy: string | null;
  fields: FieldContribution[];
};

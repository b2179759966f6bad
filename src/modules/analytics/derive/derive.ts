/**
 * Everything derived from a tenant's base tables, recomputed when the data version moved (feed or rebuild) or the
 * day changed: RFM history by month and week, the current RFM snapshot, lifetime values from the cached fits, value
 * tiers, churn and preference signals, and the association rules behind cross-sell. Derived rows are computed for
 * the whole tenant (a customer's segment does not depend on who is looking); the API filters them by visibility.
 */
import { associationRules } from '../models/association-rules.model.ts';
import { churnSignals, type ChurnSignal } from '../models/churn.model.ts';
import { customerLifetimeValue, probabilityAlive, type CountModel } from '../models/clv.model.ts';
import { fpGrowth } from '../models/fpgrowth.model.ts';
import type { RfmSegment } from '../models/rfm.model.ts';
import { summariesFromRows } from '../models/summary.types.ts';
import { DEFAULT_TIERS, valueTiers, type TierConfig } from '../models/value-tier.model.ts';
import { getMeta, lit, setMeta, type StoreConnection } from '../store/store.ts';
import { ensureFits, type Fits } from './fits.ts';
import { preferencesFor, type PreferenceOut } from './preferences.ts';
import { refreshHistory } from './history.ts';
import { integersOf } from './integers.ts';
import { linesIn, rfmSnapshotSql } from './rfm.sql.ts';

export type DeriveOptions = {
  discountRate: number;
  /** Money figures are in this currency; lines in others are left out of the derived figures (see rfm.sql.ts). */
  currency: string;
  tiers?: TierConfig;
  /** Called inside the derive's transaction after each step (progress; tests hold a derive there to make it slow). */
  onStep?: (step: 'history' | 'scores' | 'rules', tenantId: string) => Promise<void>;
};

/** What the derive computes in JavaScript per customer: customer_scores' columns after the snapshot's, in order. */
const COMPUTED_COLUMNS = `customer_id VARCHAR NOT NULL, p_alive DOUBLE, p_alive_before DOUBLE, expected_90 DOUBLE, expected_365 DOUBLE, expected_spend DOUBLE,
  clv DOUBLE, revenue DOUBLE NOT NULL, discounts DOUBLE NOT NULL, returns DOUBLE NOT NULL, commissions DOUBLE NOT NULL, service_cost DOUBLE NOT NULL,
  profit DOUBLE NOT NULL, value DOUBLE NOT NULL, tier VARCHAR NOT NULL, cumulative_share DOUBLE NOT NULL,
  churn VARCHAR NOT NULL, churn_score DOUBLE NOT NULL, preferences VARCHAR NOT NULL, preference_score DOUBLE NOT NULL`;

const WEEK = 7;
const DAY_MS = 86_400_000;
export const CLV_HORIZON_MONTHS = 12;
/** P(alive) is compared with its value this many days earlier for the p-alive churn signal. */
const P_ALIVE_LOOKBACK_DAYS = 90;

/** `purchaseDays`: the days with orders, as days since 1970-01-01, in order. */
export type CustomerSummary = { customerId: string; x: number; txDays: number; tDays: number; meanRepeat: number; purchaseDays: number[]; xBefore: number | null; txBeforeDays: number | null; tBeforeDays: number | null };

/** Per-customer purchase summaries (a purchase = a day with orders, as the models expect), as of `asOf`. */
export async function summariesOf(db: StoreConnection, tenantId: string, asOf: string, currency: string, customerId?: string): Promise<CustomerSummary[]> {
  const before = `DATE ${lit(asOf)} - ${P_ALIVE_LOOKBACK_DAYS}`;
  const rows = await db.all(`WITH days AS (
      SELECT customer_id, ordered_on, sum(net) AS amount FROM ${linesIn(tenantId, currency)}
      WHERE ordered_on < DATE ${lit(asOf)} ${customerId ? `AND customer_id = ${lit(customerId)}` : ''} GROUP BY ALL)
    SELECT customer_id, (count(*) - 1)::INTEGER AS x,
      date_diff('day', min(ordered_on), max(ordered_on))::INTEGER AS tx_days,
      date_diff('day', min(ordered_on), DATE ${lit(asOf)})::INTEGER AS t_days,
      -- Exact decimals until the one division: a float sum depends on the order DuckDB's threads add in, and the
      -- Gamma-Gamma fit on these means then lands elsewhere along its flat ridge from one derive to the next.
      coalesce((sum(amount) - arg_min(amount, ordered_on)) / nullif(count(*) - 1, 0), 0)::DOUBLE AS mean_repeat,
      string_agg(CAST(date_diff('day', DATE '1970-01-01', ordered_on) AS VARCHAR), ',' ORDER BY ordered_on) AS days,
      (count(*) FILTER (WHERE ordered_on < ${before}))::INTEGER AS n_before,
      date_diff('day', min(ordered_on), max(ordered_on) FILTER (WHERE ordered_on < ${before}))::INTEGER AS tx_before_days,
      date_diff('day', min(ordered_on), ${before})::INTEGER AS t_before_days
    FROM days GROUP BY customer_id ORDER BY customer_id`);
  return rows.map((row) => {
    const nBefore = Number(row.n_before);
    return {
      customerId: String(row.customer_id),
      x: Number(row.x),
      txDays: Number(row.tx_days),
      tDays: Number(row.t_days),
      meanRepeat: Number(row.mean_repeat),
      // One text per customer rather than a list: converting each list element to JavaScript cost more than the query.
      purchaseDays: row.days ? integersOf(String(row.days)) : [],
      xBefore: nBefore > 0 ? nBefore - 1 : null,
      txBeforeDays: nBefore > 0 ? Number(row.tx_before_days) : null,
      tBeforeDays: nBefore > 0 ? Number(row.t_before_days) : null,
    };
  });
}

export function toModelSummaries(rows: readonly CustomerSummary[]) {
  return summariesFromRows(rows.map((r) => ({ frequency: r.x, recency: r.txDays / WEEK, age: r.tDays / WEEK, monetary: r.meanRepeat })));
}

export type ClvFigures = { probabilityAlive: number; expected90: number; expected365: number; expectedSpend: number; clv: number };

/** Lifetime value of one customer with known parameters (model in weeks; monthly discount steps). */
export function clvOf(model: CountModel, fits: Fits, s: CustomerSummary, discountRate: number): ClvFigures {
  const x = s.x;
  const tx = s.txDays / WEEK;
  const T = s.tDays / WEEK;
  const value = customerLifetimeValue(model, fits.spend?.params, x, tx, T, s.meanRepeat, { stepLength: 365 / 12 / WEEK, steps: CLV_HORIZON_MONTHS, discountRate });
  const at = (days: number) => customerLifetimeValue(model, undefined, x, tx, T, 0, { stepLength: days / WEEK, steps: 1, discountRate: 0 }).expectedPurchases;
  return { probabilityAlive: value.probabilityAlive, expected90: at(90), expected365: at(365), expectedSpend: value.expectedSpend, clv: value.clv };
}

export async function tenantState(db: StoreConnection, tenantId: string) {
  const row = await db.one(`SELECT data_version, derived_version, CAST(last_rebuild_at AS VARCHAR) AS last_rebuild_at, CAST(last_feed_at AS VARCHAR) AS last_feed_at FROM tenant_state WHERE tenant_id = $1`, [tenantId]);
  return {
    dataVersion: Number(row?.data_version ?? 0),
    derivedVersion: Number(row?.derived_version ?? 0),
    lastRebuildAt: row?.last_rebuild_at ? String(row.last_rebuild_at) : null,
    lastFeedAt: row?.last_feed_at ? String(row.last_feed_at) : null,
  };
}

/** A derive that took longer than this is not repeated on every change, and readers do not wait for it, see `deriveNeed`. */
export const CHEAP_DERIVE_MS = 2_000;

/** What the last derive of a tenant left: when it finished, how long it took, the data version and day it saw. */
export type DeriveRecord = { at: number; ms: number; version: number; asOf: string | null };

export async function lastDerive(db: StoreConnection, tenantId: string): Promise<DeriveRecord | undefined> {
  const text = await getMeta(db, `derive:${tenantId}`);
  if (!text) return undefined;
  const stored = JSON.parse(text) as Partial<DeriveRecord>;
  const asOf = stored.asOf ?? ((await db.one(`SELECT max(as_of)::VARCHAR AS as_of FROM customer_scores WHERE tenant_id = $1`, [tenantId]))?.as_of as string | null | undefined) ?? null;
  return { at: stored.at ?? 0, ms: stored.ms ?? 0, version: stored.version ?? (await tenantState(db, tenantId)).derivedVersion, asOf };
}

export type DeriveNeed = { needed: boolean; last: DeriveRecord | undefined; slow: boolean };

/**
 * Whether the tenant's derived tables should be recomputed for `asOf`: when the data version moved or the day
 * changed. A small tenant's derive takes well under a second. A large tenant's takes minutes (every customer's
 * history, fit scoring, signals, rules) and orders arrive every few seconds, so recomputing on every change would
 * keep a core busy for nothing: after a derive slower than CHEAP_DERIVE_MS, changes are picked up once the derived
 * figures are older than ten times that derive's duration (and at least a minute); a new day always derives.
 */
export async function deriveNeed(db: StoreConnection, tenantId: string, asOf: string, now: number): Promise<DeriveNeed> {
  const state = await tenantState(db, tenantId);
  const last = await lastDerive(db, tenantId);
  const slow = (last?.ms ?? 0) > CHEAP_DERIVE_MS;
  if (!last) return { needed: true, last, slow };
  const sameDay = last.asOf === asOf;
  if (last.version === state.dataVersion && sameDay) return { needed: false, last, slow };
  if (sameDay && slow && now - last.at < Math.max(60_000, 10 * last.ms)) return { needed: false, last, slow };
  return { needed: true, last, slow };
}

/**
 * Recomputes the tenant's derived tables for `asOf` in one transaction (run it on the background connection:
 * readers on the other connection see the previous figures until the commit). Returns the data version it saw;
 * the caller records it with `recordDerive` on the main connection, which the feed also writes to.
 */
export async function deriveTenant(db: StoreConnection, tenantId: string, asOf: string, options: DeriveOptions): Promise<number> {
  return db.transaction(async () => {
    const state = await tenantState(db, tenantId);
    await derive(db, tenantId, asOf, options, state.lastRebuildAt);
    return state.dataVersion;
  });
}

export async function recordDerive(db: StoreConnection, tenantId: string, record: DeriveRecord): Promise<void> {
  await db.run(`INSERT INTO tenant_state (tenant_id, data_version, derived_version) VALUES ($1, $2, $2)
    ON CONFLICT (tenant_id) DO UPDATE SET derived_version = $2`, [tenantId, record.version]);
  await setMeta(db, `derive:${tenantId}`, JSON.stringify(record));
}

const weeklyKey = (tenantId: string) => `weekly:${tenantId}`;

/** The weekly history's stamp (data version and day) when it is out of date, else undefined. */
export async function weeklyNeed(db: StoreConnection, tenantId: string, asOf: string): Promise<string | undefined> {
  const stamp = `${(await tenantState(db, tenantId)).dataVersion}:${asOf}`;
  return (await getMeta(db, weeklyKey(tenantId))) === stamp ? undefined : stamp;
}

/**
 * The weekly RFM history, computed only when a request asks for weeks: it is 4–5× the rows of the monthly one and
 * most of a derive's time (window functions over every customer × week), while the dashboards default to months.
 * One transaction, on the background connection; returns the stamp for `recordWeekly`.
 */
export async function deriveWeekly(db: StoreConnection, tenantId: string, asOf: string, currency: string): Promise<string> {
  return db.transaction(async () => {
    const stamp = `${(await tenantState(db, tenantId)).dataVersion}:${asOf}`;
    await refreshHistory(db, tenantId, 'week', asOf, currency);
    return stamp;
  });
}

export async function recordWeekly(db: StoreConnection, tenantId: string, stamp: string): Promise<void> {
  await setMeta(db, weeklyKey(tenantId), stamp);
}

async function derive(db: StoreConnection, tenantId: string, asOf: string, options: DeriveOptions, lastRebuildAt: string | null): Promise<void> {
  // Weekly rows are the weekly derive's (stamped separately); this one owns the monthly history, and derives again
  // only the months from the earliest change on (derive/history.ts).
  await refreshHistory(db, tenantId, 'month', asOf, options.currency);
  await options.onStep?.('history', tenantId);
  await deriveScores(db, tenantId, asOf, options, lastRebuildAt); // its million-row structures are garbage once it returns
  await options.onStep?.('scores', tenantId);
  await deriveRules(db, tenantId);
  await options.onStep?.('rules', tenantId);
}

/** customer_scores: the RFM snapshot with lifetime value, value tier, churn and preference signals per customer. */
async function deriveScores(db: StoreConnection, tenantId: string, asOf: string, options: DeriveOptions, lastRebuildAt: string | null): Promise<void> {
  const t = lit(tenantId);
  // The snapshot stays in DuckDB: JavaScript reads only what its models need and appends only what they compute,
  // and the two are joined in SQL. At a million customers every value held in JavaScript counts (the heap's limit).
  await db.run(`CREATE OR REPLACE TEMP TABLE derive_snapshot AS SELECT s.*, h.segment AS previous_segment FROM (${rfmSnapshotSql(tenantId, asOf, options.currency)}) s
    LEFT JOIN rfm_history h ON h.tenant_id = ${t} AND h.period = 'month' AND h.customer_id = s.customer_id
      AND h.period_start = CAST(date_trunc('month', DATE ${lit(asOf)} - 1) - INTERVAL 1 MONTH AS DATE)`);
  const snapshot = await db.all(`SELECT customer_id, monetary, segment, previous_segment FROM derive_snapshot`);
  const summaries = await summariesOf(db, tenantId, asOf, options.currency);
  const byCustomer = new Map(summaries.map((s) => [s.customerId, s]));
  const lines = Number((await db.one(`SELECT count(*)::BIGINT AS n FROM order_lines WHERE tenant_id = ${t}`))?.n ?? 0);
  const fits = summaries.length ? await ensureFits(db, tenantId, async () => toModelSummaries(summaries), lines, lastRebuildAt, ['bgnbd']) : {};
  const model: CountModel | undefined = fits.bgnbd ? { kind: 'bgnbd', params: fits.bgnbd.params } : undefined;
  // Lines with a negative net amount or quantity are returns / credit notes (commerce stores them signed, as the
  // UCI Online Retail cancellations are): they are a cost to serve, shown as returns, not hidden inside revenue.
  const returned = `(net < 0 OR quantity < 0)`;
  const money = new Map((await db.all(`SELECT customer_id, coalesce(sum(net) FILTER (WHERE NOT ${returned}), 0)::DOUBLE AS revenue,
      coalesce(-sum(net) FILTER (WHERE ${returned}), 0)::DOUBLE AS returns, sum(discount)::DOUBLE AS discounts
    FROM ${linesIn(tenantId, options.currency)} WHERE ordered_on < DATE ${lit(asOf)} GROUP BY customer_id`)).map((r) => [String(r.customer_id), { revenue: Number(r.revenue), returns: Number(r.returns), discounts: Number(r.discounts) }]));
  const commissions = new Map((await db.all(`SELECT customer_id, sum(amount)::DOUBLE AS amount FROM costs WHERE tenant_id = ${t} AND kind = 'commission' GROUP BY customer_id`)).map((r) => [String(r.customer_id), Number(r.amount)]));
  const preferences = await preferencesFor(db, tenantId, asOf);

  const rows = snapshot.map((s) => {
    const id = String(s.customer_id);
    const summary = byCustomer.get(id);
    const clv = model && summary ? clvOf(model, fits, summary, options.discountRate) : undefined;
    const before = model && summary && summary.xBefore !== null ? probabilityAlive(model, summary.xBefore, (summary.txBeforeDays ?? 0) / WEEK, (summary.tBeforeDays ?? 0) / WEEK) : undefined;
    return { s, id, summary, clv, before };
  });
  const tiers = valueTiers(
    rows.map(({ id, clv }) => ({ customerId: id, revenue: money.get(id)?.revenue ?? 0, costs: { returns: money.get(id)?.returns ?? 0, commissions: commissions.get(id) ?? 0 }, clv: clv?.clv ?? 0 })),
    options.tiers ?? DEFAULT_TIERS,
  );
  const asOfTime = Date.parse(`${asOf}T00:00:00Z`);
  await db.run(`CREATE OR REPLACE TEMP TABLE derive_computed (${COMPUTED_COLUMNS})`);
  // A generator, not an array: each row is built as the appender takes it, so a million of them never live at once.
  function* computed() {
    for (let i = 0; i < rows.length; i++) {
      const { s, id, summary, clv, before } = rows[i] as (typeof rows)[number];
      const tier = tiers[i] as (typeof tiers)[number];
      const m = money.get(id) ?? { revenue: 0, returns: 0, discounts: 0 };
      const churn: ChurnSignal[] = churnSignals({
        purchaseTimes: summary?.purchaseDays.map((d) => d * DAY_MS),
        asOf: asOfTime,
        ...(clv && before !== undefined ? { pAlive: { previous: before, current: clv.probabilityAlive } } : {}),
        ...(s.previous_segment ? { segments: { previous: s.previous_segment as RfmSegment, current: s.segment as RfmSegment } } : {}),
      });
      const pref: PreferenceOut[] = preferences.get(id) ?? [];
      const atRisk = Number(s.monetary) * (1 - (clv?.probabilityAlive ?? 0));
      const commission = commissions.get(id) ?? 0;
      yield [
        id, clv?.probabilityAlive ?? null, before ?? null, clv?.expected90 ?? null, clv?.expected365 ?? null, clv?.expectedSpend ?? null, clv?.clv ?? null,
        // service cost stays 0: there is no service-case module to charge it from (the API says so).
        m.revenue, m.discounts, m.returns, commission, 0, m.revenue - m.returns - commission, tier.value, tier.tier, tier.cumulativeShare,
        JSON.stringify(churn), churn.length ? atRisk : 0,
        JSON.stringify(pref), Math.max(0, ...pref.filter((p) => p.shifted).map((p) => p.divergence)),
      ];
    }
  }
  await db.append('derive_computed', computed());
  await db.run(`DELETE FROM customer_scores WHERE tenant_id = ${t}`);
  await db.run(`INSERT INTO customer_scores SELECT ${t}, s.customer_id, DATE ${lit(asOf)}, s.frequency, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m,
      s.segment, s.previous_segment, c.* EXCLUDE (customer_id)
    FROM derive_snapshot s JOIN derive_computed c USING (customer_id)`);
  await db.run(`DROP TABLE derive_computed`);
  await db.run(`DROP TABLE derive_snapshot`);
}

/** Association rules over customers' product sets ("customers who bought X also bought Y"). */
async function deriveRules(db: StoreConnection, tenantId: string): Promise<void> {
  const t = lit(tenantId);
  await db.run(`DELETE FROM rules WHERE tenant_id = ${t}`);
  // Each basket as one text of short product codes, split here: cheaper than converting a list per customer, and a
  // million baskets of 36-character ids cost seconds to hash. A code is the product's rank in id order, zero-padded,
  // so codes sort as the ids do and FP-Growth breaks its ties exactly as it would on the ids.
  await db.run(`CREATE OR REPLACE TEMP TABLE rule_products AS SELECT product_id, lpad(CAST(row_number() OVER (ORDER BY product_id) AS VARCHAR), 9, '0') AS code
    FROM (SELECT DISTINCT product_id FROM order_lines WHERE tenant_id = ${t} AND product_id IS NOT NULL)`);
  const productOf = new Map((await db.all(`SELECT code, product_id FROM rule_products`)).map((r) => [String(r.code), String(r.product_id)]));
  const baskets = (await db.all(`SELECT string_agg(DISTINCT p.code, ',') AS items FROM order_lines l JOIN rule_products p USING (product_id)
    WHERE l.tenant_id = ${t} GROUP BY l.customer_id`)).map((r) => String(r.items).split(','));
  await db.run(`DROP TABLE rule_products`);
  if (baskets.length < 10) return;
  // At least 5 customers behind a rule, and no less than 1 % of them: rarer patterns are noise for a sales team.
  const minSupport = Math.max(0.01, 5 / baskets.length);
  const rules = associationRules(fpGrowth(baskets, { minSupport, maxLength: 3 }), 0.2).filter((r) => r.lift > 1);
  const id = (code: string) => productOf.get(code) as string;
  if (rules.length) await db.append('rules', rules.map((r) => [tenantId, JSON.stringify(r.antecedent.map(id)), id(r.consequent), r.support, r.confidence, r.lift]));
}

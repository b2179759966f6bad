/**
 * The analytics API's requests and answers (zod → validation, TypeScript types, OpenAPI). Every figure counts only
 * the customers the caller may read. Money is a number in the tenant's currency, rounded to 2 decimals (analytics
 * figures are estimates and sums for charts, not ledger amounts — the ledger keeps decimal strings).
 */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, text } from '../../../kernel/schema.ts';
import { RFM_SEGMENTS } from '../models/rfm.model.ts';
import { clvUnavailableSchema, countModelSchema } from './clv-unavailable.schema.ts';

export { clvUnavailableSchema, countModelSchema };

export const rfmSegmentSchema = z.enum(RFM_SEGMENTS);
export const valueTierSchema = z.enum(['high', 'medium', 'low', 'negative']);
export const periodSchema = z.enum(['month', 'week']);
/** How fresh derived figures are: they are recomputed in the background, and a large tenant's readers do not wait. */
const currencySchema = z.string().describe('the currency of every money figure in this answer (ISO 4217; the server’s GUANXI_ANALYTICS_CURRENCY)');
const excludedLinesSchema = z.number().int().describe('order lines in other currencies, left out of the money figures (and of the RFM and lifetime values) rather than added as if they were this currency');
const derivedAtSchema = z.string().nullable().describe('when these figures were derived (ISO instant); null: never yet');

// ---- GET /analytics/people/:id ----------------------------------------------------------------------------------

export const personAnalyticsQuerySchema = z.strictObject({
  period: periodSchema.default('month').describe('RFM history by month or week'),
  model: countModelSchema.default('bgnbd').describe('purchase-count model for the lifetime value'),
  discountRate: z.coerce.number().min(0).max(1).optional().describe('monthly discount rate for the CLV (default from the configuration)'),
});

const rfmScoreSchema = z.object({
  recencyDays: z.number().int().min(0),
  frequency: z.number().int().min(0).describe('orders'),
  monetary: z.number(),
  r: z.number().int().min(1).max(5),
  f: z.number().int().min(1).max(5),
  m: z.number().int().min(1).max(5),
  segment: rfmSegmentSchema,
});

const rfmHistoryPointSchema = rfmScoreSchema.extend({
  periodStart: isoDate,
  previousSegment: rfmSegmentSchema.nullable(),
  segmentChanged: z.boolean().describe('the segment differs from the previous period’s'),
});

const clvSchema = z.object({
  model: countModelSchema,
  discountRate: z.number().describe('per month'),
  horizonMonths: z.number().int(),
  probabilityAlive: z.number().min(0).max(1),
  expectedPurchases90: z.number().min(0),
  expectedPurchases365: z.number().min(0),
  expectedSpend: z.number().describe('per future order (Gamma-Gamma)'),
  clv: z.number(),
  fittedAt: z.string().describe('when the tenant’s model parameters were fitted'),
  params: z.record(z.string(), z.number()).describe('fitted parameters (r, alpha, a, b | r, alpha, s, beta; p, q, gamma)'),
});

const profitSchema = z.object({
  revenue: z.number().describe('net of line discounts, before tax; lines with a negative amount or quantity are counted in returns instead'),
  discounts: z.number(),
  returns: z.number().describe('returns and credit notes: order lines with a negative net amount or quantity, as a positive cost'),
  commissions: z.number().describe('commission payables on the customer’s live orders'),
  serviceCost: z.number().describe('always 0 for now: Guanxi has no service-case module to charge service cost from'),
  profit: z.number().describe('revenue − returns − commissions − service (discounts are already out of revenue)'),
});

const valueSchema = profitSchema.extend({
  tier: valueTierSchema,
  clv: z.number(),
  value: z.number().describe('profit + CLV: the long-term value contribution the tier ranks by'),
  cumulativeShare: z.number().describe('share of all positive value held by customers ranked up to this one'),
});

export const churnSignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rhythm'), message: z.string(), recencyDays: z.number(), typicalGapDays: z.number(), ratio: z.number(), purchases: z.number().int() }),
  z.object({ kind: z.literal('p-alive'), message: z.string(), previous: z.number(), current: z.number(), drop: z.number() }),
  z.object({ kind: z.literal('segment'), message: z.string(), from: rfmSegmentSchema, to: rfmSegmentSchema, steps: z.number().int() }),
]);

const windowSchema = z.object({ from: isoDate, to: isoDate });

export const preferenceShiftSchema = z.object({
  dimension: z.enum(['category', 'channel', 'region']),
  divergence: z.number().min(0).max(1).describe('Jensen–Shannon divergence in bits'),
  shifted: z.boolean(),
  baseline: windowSchema,
  recent: windowSchema,
  baselineTotal: z.number(),
  recentTotal: z.number(),
  changes: z.array(z.object({ key: z.string(), baselineShare: z.number(), recentShare: z.number(), delta: z.number() })),
});

const productRefSchema = z.object({ productId: z.string(), name: z.string() });

const crossSellSchema = z.object({
  productId: z.string(),
  name: z.string(),
  confidence: z.number(),
  lift: z.number(),
  support: z.number(),
  because: z.array(productRefSchema).describe('the rule’s antecedent: products the customer already bought'),
});

export const personAnalyticsSchema = z
  .object({
    personId: z.uuid(),
    asOf: isoDate.describe('figures as of this day, exclusive: the day after today in the server’s analytics time zone (GUANXI_ANALYTICS_TIME_ZONE), or the day of the last figures derived'),
    currency: currencySchema,
    excludedLines: excludedLinesSchema,
    period: periodSchema,
    orders: z.number().int(),
    rfm: rfmScoreSchema.nullable().describe('null when the person has no purchase'),
    history: z.array(rfmHistoryPointSchema),
    clv: clvSchema.nullable().describe('null when the person has no purchase, or when no model could be fitted (then clvUnavailable says why)'),
    clvUnavailable: clvUnavailableSchema.nullable().describe('null unless clv is null although the person has bought; then why, as a code with its numbers (too few customers, no repeat purchase in the tenant, a fit that did not converge …)'),
    value: valueSchema.nullable(),
    churn: z.array(churnSignalSchema),
    preferences: z.array(preferenceShiftSchema),
    crossSell: z.array(crossSellSchema),
    derivedAt: derivedAtSchema,
  })
  .meta({ id: 'PersonAnalytics' });

// ---- GET /analytics/segments ------------------------------------------------------------------------------------

export const segmentsQuerySchema = z.strictObject({ period: periodSchema.default('month') });

export const segmentsSchema = z
  .object({
    asOf: isoDate,
    currency: currencySchema,
    excludedLines: excludedLinesSchema,
    period: periodSchema,
    customers: z.number().int(),
    segments: z.array(z.object({ segment: rfmSegmentSchema, customers: z.number().int(), share: z.number(), monetary: z.number() })),
    valueTiers: z.array(z.object({ tier: valueTierSchema, customers: z.number().int(), revenue: z.number(), profit: z.number(), clv: z.number(), value: z.number() })),
    clvUnavailable: clvUnavailableSchema.nullable().describe('null when lifetime values (the tiers’ clv) could be estimated or nobody has bought; otherwise why the BG/NBD model could not be fitted, and the clv sums are 0'),
    migration: z
      .object({
        from: isoDate.describe('start of the earlier period'),
        to: isoDate,
        cells: z.array(z.object({ from: rfmSegmentSchema.nullable().describe('null: no purchase yet in the earlier period'), to: rfmSegmentSchema, customers: z.number().int() })),
      })
      .nullable(),
    derivedAt: derivedAtSchema,
  })
  .meta({ id: 'AnalyticsSegments' });

// ---- GET /analytics/segments/:segment/customers -----------------------------------------------------------------

export const segmentCustomersParamsSchema = z.strictObject({ segment: rfmSegmentSchema.describe('an RFM segment, URL-encoded (Can%27t%20Lose%20Them)') });
export const segmentCustomersQuerySchema = z.strictObject({ period: periodSchema.default('month').describe('granularity of previousSegment'), cursor: cursorParam, limit: limitParam });

export const segmentCustomersSchema = z
  .object({
    segment: rfmSegmentSchema,
    asOf: isoDate,
    period: periodSchema,
    currency: currencySchema,
    items: z.array(
      z.object({
        customerId: z.uuid(),
        kind: z.enum(['person', 'organisation']),
        name: z.string(),
        ownerId: z.string().nullable(),
        recencyDays: z.number().int(),
        frequency: z.number().int(),
        monetary: z.number(),
        r: z.number().int(),
        f: z.number().int(),
        m: z.number().int(),
        previousSegment: rfmSegmentSchema.nullable().describe('segment at the end of the previous period (month or week); null: no purchase by then'),
        tier: valueTierSchema,
        clv: z.number().nullable(),
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page. Ordered by monetary, highest first'),
    derivedAt: derivedAtSchema,
  })
  .meta({ id: 'AnalyticsSegmentCustomers' });

// ---- GET /analytics/cube ----------------------------------------------------------------------------------------

export const CUBE_DIMENSIONS = ['region.province', 'region.city', 'time.year', 'time.quarter', 'time.month', 'time.season', 'product.category', 'product', 'channel', 'owner'] as const;
export const cubeDimensionSchema = z.enum(CUBE_DIMENSIONS);
export const cubeMeasureSchema = z.enum(['amount', 'quantity', 'orders', 'customers']);

const filterValue = text(200, 1).optional();

/** Drill-down: each dimension may also be given as a filter (?region.province=广东省&rows=region.city). */
export const cubeQuerySchema = z.strictObject({
  rows: cubeDimensionSchema,
  columns: cubeDimensionSchema.optional(),
  measure: cubeMeasureSchema.default('amount'),
  from: isoDate.optional().describe('order day, inclusive'),
  to: isoDate.optional().describe('order day, inclusive'),
  'region.province': filterValue,
  'region.city': filterValue,
  'time.year': filterValue.describe('e.g. 2025'),
  'time.quarter': filterValue.describe('e.g. 2025-Q2'),
  'time.month': filterValue.describe('e.g. 2025-06'),
  'time.season': z.enum(['spring', 'summer', 'autumn', 'winter']).optional().describe('spring = Mar–May, summer = Jun–Aug, autumn = Sep–Nov, winter = Dec–Feb'),
  'product.category': filterValue.describe('category name'),
  product: filterValue.describe('product id'),
  channel: filterValue,
  owner: filterValue.describe('owner user id'),
});

const cubeKeySchema = z.object({ key: z.string().describe('value to filter by when drilling down'), label: z.string() });

export const cubeSchema = z
  .object({
    measure: cubeMeasureSchema,
    currency: currencySchema.nullable().describe('the currency of the amounts (measure amount only; null for counts and quantities)'),
    excludedLines: excludedLinesSchema.describe('measure amount: order lines within the filters in other currencies, left out of the amounts; 0 for the other measures, which count every line'),
    rows: cubeDimensionSchema,
    columns: cubeDimensionSchema.nullable(),
    filters: z.array(z.object({ dimension: z.string(), value: z.string() })),
    rowKeys: z.array(cubeKeySchema),
    columnKeys: z.array(cubeKeySchema).describe('[] without columns; cells then have column ""'),
    cells: z.array(z.object({ row: z.string(), column: z.string(), value: z.number() })),
    rowTotals: z.array(z.object({ key: z.string(), value: z.number() })),
    columnTotals: z.array(z.object({ key: z.string(), value: z.number() })),
    total: z.number().describe('for orders and customers a distinct count, so not the sum of the cells'),
  })
  .meta({ id: 'AnalyticsCube' });

// ---- GET /analytics/signals -------------------------------------------------------------------------------------

export const signalsQuerySchema = z.strictObject({
  kind: z.enum(['churn', 'preference']).default('churn'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const signalsSchema = z
  .object({
    kind: z.enum(['churn', 'preference']),
    asOf: isoDate,
    currency: currencySchema,
    items: z.array(
      z.object({
        personId: z.uuid(),
        name: z.string(),
        ownerId: z.string().nullable(),
        score: z.number().describe('ranking key: churn = value at risk (monetary × (1 − P(alive))); preference = divergence'),
        segment: rfmSegmentSchema.nullable(),
        monetary: z.number(),
        probabilityAlive: z.number().nullable(),
        churn: z.array(churnSignalSchema),
        preferences: z.array(preferenceShiftSchema),
      }),
    ),
    derivedAt: derivedAtSchema,
  })
  .meta({ id: 'AnalyticsSignals' });

// ---- GET /analytics/products/:id/audience -----------------------------------------------------------------------

export const audienceQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25) });

export const audienceSchema = z
  .object({
    productId: z.uuid(),
    name: z.string(),
    rules: z.number().int().describe('association rules that predict this product'),
    items: z.array(z.object({ personId: z.uuid(), name: z.string(), ownerId: z.string().nullable(), confidence: z.number(), lift: z.number(), because: z.array(productRefSchema) })),
    derivedAt: derivedAtSchema,
  })
  .meta({ id: 'AnalyticsAudience' });

// ---- GET /analytics/status, POST /analytics/rebuild (admin), GET /analytics/export/:table (Parquet) -------------

export const statusSchema = z
  .object({
    orderLines: z.number().int(),
    customers: z.number().int(),
    products: z.number().int(),
    lastEventSeq: z.number().int().describe('outbox position the store has applied'),
    lastRebuildAt: z.string().nullable(),
    lastFeedAt: z.string().nullable(),
    derivedAt: derivedAtSchema,
    derivedAsOf: isoDate.nullable().describe('the day the derived figures are as of'),
    deriving: z.boolean().describe('a recompute of the derived figures is running; readers get the previous ones meanwhile'),
    lastDeriveError: z.object({ at: z.string(), message: z.string() }).nullable().describe('the last failed recompute since the server started'),
    fits: z.array(z.object({ model: z.string(), fittedAt: z.string(), customers: z.number().int(), logLikelihood: z.number(), params: z.record(z.string(), z.number()) })),
  })
  .meta({ id: 'AnalyticsStatus' });

export const EXPORT_TABLES = ['order_lines', 'customers', 'costs', 'products'] as const;
export const exportParamsSchema = z.strictObject({ table: z.enum(EXPORT_TABLES) });

export type PersonAnalytics = z.infer<typeof personAnalyticsSchema>;
export type { ClvUnavailable } from './clv-unavailable.schema.ts';
export type PersonAnalyticsQuery = z.infer<typeof personAnalyticsQuerySchema>;
export type Segments = z.infer<typeof segmentsSchema>;
export type SegmentCustomers = z.infer<typeof segmentCustomersSchema>;
export type SegmentCustomersQuery = z.infer<typeof segmentCustomersQuerySchema>;
export type CubeQuery = z.infer<typeof cubeQuerySchema>;
export type Cube = z.infer<typeof cubeSchema>;
export type CubeDimension = z.infer<typeof cubeDimensionSchema>;
export type SignalsQuery = z.infer<typeof signalsQuerySchema>;
export type Signals = z.infer<typeof signalsSchema>;
export type Audience = z.infer<typeof audienceSchema>;
export type Status = z.infer<typeof statusSchema>;
export type PreferenceShiftOut = z.infer<typeof preferenceShiftSchema>;

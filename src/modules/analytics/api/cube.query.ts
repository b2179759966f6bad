/**
 * The sales cube: order lines of visible customers by region (the customer's province and city), time, product
 * category, product, channel and owner. Pivot = rows × columns cells with row, column and grand totals (one
 * GROUPING SETS query, so a distinct count's total is the distinct count, not a sum); drill-down = a filter on one
 * dimension with a finer one as rows. A missing value (no city, no channel) is the key "-".
 */
import { lit, type StoreConnection } from '../store/store.ts';
import { analyticsErrors } from '../analytics.errors.ts';
import { CUBE_DIMENSIONS, type Cube, type CubeDimension, type CubeQuery } from './analytics.schema.ts';
import { excludedLines } from './currency.ts';

const SEASON = `CASE WHEN month(l.ordered_on) IN (3, 4, 5) THEN 'spring' WHEN month(l.ordered_on) IN (6, 7, 8) THEN 'summer'
  WHEN month(l.ordered_on) IN (9, 10, 11) THEN 'autumn' ELSE 'winter' END`;

const KEY: Record<CubeDimension, string> = {
  'region.province': `coalesce(c.province, '-')`,
  'region.city': `coalesce(c.city, '-')`,
  'time.year': `strftime(l.ordered_on, '%Y')`,
  'time.quarter': `strftime(l.ordered_on, '%Y') || '-Q' || quarter(l.ordered_on)`,
  'time.month': `strftime(l.ordered_on, '%Y-%m')`,
  'time.season': SEASON,
  'product.category': `coalesce(p.category, '-')`,
  product: `coalesce(l.product_id, '-')`,
  channel: `coalesce(l.channel, '-')`,
  owner: `coalesce(c.owner_id, '-')`,
};

/** Labels differ from keys only for products (their name); owners are user ids, which the client names. */
const LABEL: Partial<Record<CubeDimension, string>> = { product: `coalesce(p.name, l.description)` };

const MEASURE: Record<Cube['measure'], string> = {
  amount: `round(sum(l.net)::DOUBLE, 2)`,
  quantity: `sum(l.quantity)::DOUBLE`,
  orders: `count(DISTINCT l.order_id)::DOUBLE`,
  customers: `count(DISTINCT l.customer_id)::DOUBLE`,
};

const SEASON_ORDER = ['spring', 'summer', 'autumn', 'winter'];
const isTime = (d: CubeDimension) => d.startsWith('time.');

/** Kinds of customer whose addresses the caller's role hides: their province and city count as unknown ("-"). */
export type HiddenRegions = { person: boolean; organisation: boolean };

function keysFor(hidden: HiddenRegions): Record<CubeDimension, string> {
  const kinds = (['person', 'organisation'] as const).filter((kind) => hidden[kind]).map((kind) => `'${kind}'`);
  if (!kinds.length) return KEY;
  const region = (column: string) => `CASE WHEN c.kind IN (${kinds.join(', ')}) THEN '-' ELSE coalesce(c.${column}, '-') END`;
  return { ...KEY, 'region.province': region('province'), 'region.city': region('city') };
}

export async function cubeOf(db: StoreConnection, tenantId: string, visible: string, query: CubeQuery, currency: string, hidden: HiddenRegions = { person: false, organisation: false }): Promise<Cube> {
  if (query.columns === query.rows) throw analyticsErrors.sameDimension(query.rows);
  const keys = keysFor(hidden);
  const filters = CUBE_DIMENSIONS.flatMap((d) => (query[d] === undefined ? [] : [{ dimension: d, value: String(query[d]) }]));
  const where = [`l.tenant_id = ${lit(tenantId)}`, visible, ...filters.map((f) => `${keys[f.dimension]} = ${lit(f.value)}`)];
  if (query.from) where.push(`l.ordered_on >= DATE ${lit(query.from)}`);
  if (query.to) where.push(`l.ordered_on <= DATE ${lit(query.to)}`);
  // Amounts in one currency only (see currency.ts); the other measures count every line whatever its currency.
  const money = query.measure === 'amount';
  const excluded = money ? await excludedLines(db, tenantId, currency, where.slice(1).join(' AND ')) : 0;
  if (money) where.push(`l.currency = ${lit(currency)}`);
  const rowKey = keys[query.rows];
  const colKey = query.columns ? keys[query.columns] : `''`;
  const rowLabel = LABEL[query.rows] ?? rowKey;
  const colLabel = query.columns ? (LABEL[query.columns] ?? colKey) : `''`;
  const rows = await db.all(`SELECT ${rowKey} AS rk, ${colKey} AS ck, any_value(${rowLabel}) AS rl, any_value(${colLabel}) AS cl,
      ${MEASURE[query.measure]} AS v, grouping(${rowKey}) AS gr, ${query.columns ? `grouping(${colKey})` : '1'} AS gc
    FROM order_lines l
      JOIN customers c ON c.tenant_id = l.tenant_id AND c.customer_id = l.customer_id
      LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.product_id = l.product_id
    WHERE ${where.join(' AND ')}
    GROUP BY GROUPING SETS (${query.columns ? `(${rowKey}, ${colKey}), (${rowKey}), (${colKey}), ()` : `(${rowKey}), ()`})`);
  const cells: Cube['cells'] = [];
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  const rowLabels = new Map<string, string>();
  const colLabels = new Map<string, string>();
  let total = 0;
  for (const r of rows) {
    const value = Number(r.v ?? 0);
    const rk = String(r.rk);
    const ck = String(r.ck);
    const gr = Number(r.gr);
    const gc = query.columns ? Number(r.gc) : 1;
    if (gr === 0) {
      rowLabels.set(rk, String(r.rl));
      if (gc === 0 || !query.columns) cells.push({ row: rk, column: query.columns ? ck : '', value });
      if (gc === 0) colLabels.set(ck, String(r.cl));
      if (gc === 1) rowTotals.set(rk, value);
    } else if (gc === 0) columnTotals.set(ck, value);
    else total = value;
  }
  const order = (dimension: CubeDimension | undefined, totals: Map<string, number>) => (a: string, b: string) => {
    if (dimension === 'time.season') return SEASON_ORDER.indexOf(a) - SEASON_ORDER.indexOf(b);
    if (dimension && isTime(dimension)) return a < b ? -1 : a > b ? 1 : 0;
    return (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || (a < b ? -1 : 1);
  };
  const rowKeys = [...rowTotals.keys()].sort(order(query.rows, rowTotals));
  const columnKeys = query.columns ? [...columnTotals.keys()].sort(order(query.columns, columnTotals)) : [];
  const rowRank = new Map(rowKeys.map((key, i) => [key, i]));
  const colRank = new Map(columnKeys.map((key, i) => [key, i]));
  cells.sort((a, b) => (rowRank.get(a.row) ?? 0) - (rowRank.get(b.row) ?? 0) || (colRank.get(a.column) ?? 0) - (colRank.get(b.column) ?? 0));
  return {
    measure: query.measure,
    currency: money ? currency : null,
    excludedLines: excluded,
    rows: query.rows,
    columns: query.columns ?? null,
    filters,
    rowKeys: rowKeys.map((key) => ({ key, label: rowLabels.get(key) ?? key })),
    columnKeys: columnKeys.map((key) => ({ key, label: colLabels.get(key) ?? key })),
    cells,
    rowTotals: rowKeys.map((key) => ({ key, value: rowTotals.get(key) ?? 0 })),
    columnTotals: columnKeys.map((key) => ({ key, value: columnTotals.get(key) ?? 0 })),
    total,
  };
}

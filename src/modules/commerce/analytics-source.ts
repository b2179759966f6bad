/**
 * What the analytics store reads from commerce: order lines with their product and category, commissions, and the
 * product list — current state, by tenant, either in keyset pages (a rebuild) or for the records named by outbox
 * events (the incremental feed). Analytics never queries commerce tables itself; server.ts injects these.
 * Lines of deleted or cancelled orders are left out, so an order that goes away leaves the figures.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export type AnalyticsOrderLine = {
  id: string;
  orderId: string;
  personId: string | null;
  organisationId: string | null;
  orderedOn: string;
  productId: string | null;
  sku: string | null;
  description: string;
  quantity: string;
  grossAmount: string;
  discountAmount: string;
  netAmount: string;
  channel: string | null;
  region: string | null;
  store: string | null;
  currency: string;
};

export type AnalyticsCommission = { id: string; orderId: string | null; personId: string | null; organisationId: string | null; amount: string; on: string };
export type AnalyticsProduct = { id: string; sku: string; name: string; category: string | null };

const LIVE_ORDER = sql<boolean>`o.deleted_at IS NULL AND o.status <> 'cancelled'`;

export function createCommerceAnalyticsSource(db: QueryExecutorProvider) {
  /**
   * Live lines after `afterId` (keyset by line id), of the given orders (an order's lines are replaced whole), or of
   * the given people (after a merge moved orders between them).
   */
  async function orderLines(tenantId: string, page: { afterId?: string | undefined; limit: number } | { orderIds: string[] } | { personIds: string[] }): Promise<AnalyticsOrderLine[]> {
    const filter = 'orderIds' in page ? sql`AND l.order_id = ANY(${page.orderIds}::uuid[])` : 'personIds' in page ? sql`AND l.person_id = ANY(${page.personIds}::uuid[])` : sql`AND l.id > ${page.afterId ?? '00000000-0000-0000-0000-000000000000'}::uuid`;
    const limit = 'limit' in page ? sql`ORDER BY l.id LIMIT ${page.limit}` : sql``;
    const { rows } = await sql<AnalyticsOrderLine>`
      SELECT l.id, l.order_id, l.person_id, l.organisation_id, to_char(l.ordered_on, 'YYYY-MM-DD') AS ordered_on, l.product_id, l.sku,
             l.description, l.quantity, l.gross_amount, l.discount_amount, l.net_amount, l.channel, l.region, l.store, l.currency
      FROM order_lines l JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id
      WHERE l.tenant_id = ${tenantId} AND ${LIVE_ORDER} ${filter} ${limit}`.execute(db);
    return rows;
  }

  /** Commissions owed on live orders, attributed to the order's customer (a cost to serve that customer). */
  async function commissions(tenantId: string, filter: { payableIds?: string[]; orderIds?: string[] } = {}): Promise<AnalyticsCommission[]> {
    const by = filter.payableIds ? sql`AND p.id = ANY(${filter.payableIds}::uuid[])` : filter.orderIds ? sql`AND p.order_id = ANY(${filter.orderIds}::uuid[])` : sql``;
    const { rows } = await sql<AnalyticsCommission>`
      SELECT p.id, p.order_id, o.person_id, o.organisation_id, p.amount, to_char(o.ordered_on, 'YYYY-MM-DD') AS "on"
      FROM payables p JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      WHERE p.tenant_id = ${tenantId} AND p.kind = 'commission' AND p.status <> 'cancelled' AND ${LIVE_ORDER} ${by}`.execute(db);
    return rows;
  }

  async function products(tenantId: string, ids?: string[]): Promise<AnalyticsProduct[]> {
    const by = ids ? sql`AND p.id = ANY(${ids}::uuid[])` : sql``;
    const { rows } = await sql<AnalyticsProduct>`
      SELECT p.id, p.sku, p.name, c.name AS category
      FROM products p LEFT JOIN product_categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
      WHERE p.tenant_id = ${tenantId} ${by}`.execute(db);
    return rows;
  }

  return { orderLines, commissions, products };
}

export type CommerceAnalyticsSource = ReturnType<typeof createCommerceAnalyticsSource>;

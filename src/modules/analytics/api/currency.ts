/**
 * Money figures are in one currency (GUANXI_ANALYTICS_CURRENCY, default CNY): summing yuan with dollars gives a
 * number that means nothing, and there is no exchange-rate source to convert with. Lines in other currencies are
 * left out of every money figure and counted here, so an answer says how much it could not include.
 */
import { lit, type StoreConnection } from '../store/store.ts';

/** Order lines before `asOf` of the customers matching `filter` (over `l`, `c` and `p`) in a currency other than `currency`. */
export async function excludedLines(db: StoreConnection, tenantId: string, currency: string, filter: string, asOf?: string): Promise<number> {
  const row = await db.one(`SELECT count(*)::BIGINT AS n FROM order_lines l JOIN customers c ON c.tenant_id = l.tenant_id AND c.customer_id = l.customer_id
      LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.product_id = l.product_id
    WHERE l.tenant_id = ${lit(tenantId)} AND l.currency <> ${lit(currency)} ${asOf ? `AND l.ordered_on < DATE ${lit(asOf)}` : ''} AND ${filter}`);
  return Number(row?.n ?? 0);
}

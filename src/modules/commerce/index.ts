/**
 * Commerce: catalogue (categories, products, price lists), quotes with lines, discounts and tax (half-up per
 * line, totals = sums of rounded lines — see money.ts), contracts with the signed file, orders with lines (the
 * purchase history), receivables with instalments, payments and ageing, payables (suppliers, partner commissions),
 * and the streaming, idempotent import of historical orders from CSV or Excel (customers by id or natural key,
 * products by SKU or name), over HTTP as a resumable background job. Documents belong to the customer's owner
 * (`transferCommerceOwnership` moves them in a handover); state rules refuse with 409 (document-states.ts).
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { catalogRoutes } from './catalog.routes.ts';
import type { CommerceService } from './commerce.service.ts';
import { financeRoutes } from './finance.routes.ts';

export { createCommerceService, type CommerceService } from './commerce.service.ts';
export type { CommerceDeps } from './commerce.deps.ts';
export type { ImportReport } from './order-import.ts';
export { priceLine, totalsOf } from './money.ts';
export { createCommerceAnalyticsSource, type CommerceAnalyticsSource, type AnalyticsOrderLine, type AnalyticsCommission, type AnalyticsProduct } from './analytics-source.ts';

export const commerceMigrations = { module: 'commerce', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export function commerceRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(catalogRoutes(commerce));
    await app.register(financeRoutes(commerce));
  };
}
export { createCommercePersonRelink, type CommerceRelinkState } from './person-relink.ts';
export { createCommerceOrganisationRelink } from './organisation-relink.ts';
export { transferCommerceOwnership } from './ownership.ts';

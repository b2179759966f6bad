/**
 * Commerce: catalogue (categories, products, price lists), quotes with lines, discounts and tax (half-up per
 * line, totals = sums of rounded lines — see money.ts), contracts with the signed file, orders with lines (the
 * purchase history), receivables with instalments, payments and ageing, payables (suppliers, partner commissions),
 * and the streaming, idempotent import of historical orders from CSV or Excel.
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

export const commerceMigrations = { module: 'commerce', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export function commerceRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(catalogRoutes(commerce));
    await app.register(financeRoutes(commerce));
  };
}

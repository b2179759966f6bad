/**
 * Sales: leads graded A–D by configurable rules and converted into person + organisation + opportunity;
 * configurable pipelines whose stages carry probability, responsible role and a gate of required fields (sales
 * and engineering-project pipelines shipped); opportunities/projects with money as decimal strings, stage history
 * with time in stage, win/loss reasons; kanban and weighted forecast.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { leadRoutes } from './lead.routes.ts';
import { opportunityRoutes } from './opportunity.routes.ts';
import type { SalesService } from './sales.service.ts';

export { createSalesService, type SalesService } from './sales.service.ts';
export type { SalesDeps } from './sales.deps.ts';
export type { Opportunity, OpportunityCreate } from './opportunity.schema.ts';
export type { Lead } from './lead.schema.ts';
export type { OpportunityLinks, OpportunityForLink, DocumentLink } from './opportunity-links.ts';
export { gradeLead, DEFAULT_GRADING, type GradingRules } from './lead.grading.ts';

export const salesMigrations = { module: 'sales', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export function salesRoutes(sales: SalesService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(leadRoutes(sales));
    await app.register(opportunityRoutes(sales));
  };
}
export { transferSalesOwnership } from './ownership.ts';
export { createSalesPersonRelink, type SalesRelinkState } from './person-relink.ts';
export { createSalesOrganisationRelink } from './organisation-relink.ts';

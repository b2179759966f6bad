/** Builds the sales services over one database handle. */
import { createBoardService } from './board.service.ts';
import { createLeadService } from './lead.service.ts';
import { createOpportunityLinks } from './opportunity-links.ts';
import { createOpportunityService } from './opportunity.service.ts';
import { createPipelineService } from './pipeline.service.ts';
import type { SalesDeps } from './sales.deps.ts';
import type { SalesTables } from './sales.tables.ts';

export function createSalesService(deps: SalesDeps) {
  const db = deps.db.withTables<SalesTables>();
  const pipelines = createPipelineService(db);
  const opportunities = createOpportunityService(deps, db, pipelines);
  return {
    pipelines,
    opportunities,
    leads: createLeadService(deps, db, opportunities),
    /** For documents made for an opportunity (commerce's quotes and contracts), inside their transaction. */
    opportunityLinks: createOpportunityLinks(deps.clock),
    board: createBoardService(db, pipelines, deps.directory.customers.names, deps.teamMemberships),
  };
}

export type SalesService = ReturnType<typeof createSalesService>;

/** Builds the sales services over one database handle. */
import { createBoardService } from './board.service.ts';
import { createLeadService } from './lead.service.ts';
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
    board: createBoardService(db, pipelines, deps.teamMemberships),
  };
}

export type SalesService = ReturnType<typeof createSalesService>;

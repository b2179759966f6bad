/** Builds the commerce services over one database handle. */
import { createCatalogService } from './catalog.service.ts';
import type { CommerceDeps } from './commerce.deps.ts';
import type { CommerceTables } from './commerce.tables.ts';
import { createContractService } from './contract.service.ts';
import { createImportJobs } from './import-jobs.ts';
import { createOrderImport } from './order-import.ts';
import { createOrderService } from './order.service.ts';
import { createPayableService } from './payable.service.ts';
import { createQuoteService } from './quote.service.ts';
import { createReceivableService } from './receivable.service.ts';

export function createCommerceService(deps: CommerceDeps) {
  const db = deps.db.withTables<CommerceTables>();
  const catalog = createCatalogService(db);
  const imports = createOrderImport(deps, db);
  return {
    catalog,
    quotes: createQuoteService(deps, db),
    orders: createOrderService(deps, db),
    contracts: createContractService(deps, db),
    receivables: createReceivableService(deps, db),
    payables: createPayableService(deps, db),
    imports,
    importJobs: createImportJobs(deps, db, imports),
    fileMaxBytes: deps.fileMaxBytes,
  };
}

export type CommerceService = ReturnType<typeof createCommerceService>;

/** Kysely types of the commerce module's tables. */
import type { ColumnType, Generated } from 'kysely';

/** A nullable column that an insert may leave out. */
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Audited = { createdAt: Generated<Date>; updatedAt: Generated<Date>; createdBy: Opt<string>; updatedBy: Opt<string>; version: Generated<number> };
type Deletable = { deletedAt: Opt<Date> };
/** Commerce documents belong to the customer's owner (set from the customer, moved by handover). */
type Owned = { ownerId: Opt<string> };

export type CategoriesTable = { tenantId: string; id: string; name: string; parentId: Opt<string>; createdAt: Generated<Date>; createdBy: Opt<string> };
export type ProductsTable = Audited & Deletable & { tenantId: string; id: string; sku: string; name: string; categoryId: Opt<string>; unit: Generated<string>; listPrice: string; currency: string; taxRate: Generated<string>; active: Generated<boolean> };
export type PriceListsTable = { tenantId: string; id: string; name: string; currency: string; validFrom: Opt<string>; validTo: Opt<string>; createdAt: Generated<Date>; createdBy: Opt<string>; version: Generated<number> };
export type PriceListItemsTable = { tenantId: string; priceListId: string; productId: string; unitPrice: string };

type Totals = { subtotal: string; discountTotal: string; taxTotal: string; total: string };
export type LineColumns = {
  tenantId: string;
  id: string;
  position: number;
  productId: Opt<string>;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxRate: string;
  grossAmount: string;
  discountAmount: string;
  netAmount: string;
  taxAmount: string;
  totalAmount: string;
};

export type QuotesTable = Audited & Deletable & Owned & Totals & { tenantId: string; id: string; number: string; organisationId: Opt<string>; personId: Opt<string>; opportunityId: Opt<string>; priceListId: Opt<string>; currency: string; status: Generated<string>; validUntil: Opt<string>; notes: Opt<string> };
export type QuoteLinesTable = LineColumns & { quoteId: string };

export type ContractsTable = Audited & Deletable & Owned & {
  tenantId: string;
  id: string;
  number: string;
  title: string;
  organisationId: Opt<string>;
  personId: Opt<string>;
  opportunityId: Opt<string>;
  quoteId: Opt<string>;
  value: string;
  currency: string;
  status: Generated<string>;
  signedOn: Opt<string>;
  startsOn: Opt<string>;
  endsOn: Opt<string>;
  renewalOn: Opt<string>;
  warrantyEndsOn: Opt<string>;
  terms: Opt<string>;
  signedFileName: Opt<string>;
  signedFileType: Opt<string>;
  signedFileKey: Opt<string>;
  signedFileSha256: Opt<string>;
  signedFileSize: ColumnType<string | null, number | null | undefined, number | null>;
};

type OrderContext = { organisationId: Opt<string>; personId: Opt<string>; orderedOn: string; channel: Opt<string>; region: Opt<string>; store: Opt<string>; currency: string };
export type OrdersTable = Audited & Deletable & Owned & Totals & OrderContext & { tenantId: string; id: string; number: string; contractId: Opt<string>; quoteId: Opt<string>; status: Generated<string>; source: Generated<string> };
export type OrderLinesTable = LineColumns & OrderContext & { orderId: string; sku: Opt<string> };

export type ReceivablesTable = Audited & Owned & { tenantId: string; id: string; number: string; orderId: Opt<string>; contractId: Opt<string>; organisationId: Opt<string>; personId: Opt<string>; currency: string; amount: string; paidAmount: Generated<string>; issuedOn: string; status: Generated<string> };
export type InstalmentsTable = { tenantId: string; id: string; receivableId: string; position: number; dueOn: string; amount: string; paidAmount: Generated<string> };
export type PaymentsTable = { tenantId: string; id: string; receivableId: string; paidOn: string; amount: string; method: Opt<string>; reference: Opt<string>; createdAt: Generated<Date>; createdBy: Opt<string> };
export type PayablesTable = Audited & Owned & { tenantId: string; id: string; kind: string; partnerOrganisationId: string; orderId: Opt<string>; description: string; currency: string; amount: string; dueOn: Opt<string>; paidOn: Opt<string>; status: Generated<string> };

export type OrderImportJobsTable = {
  tenantId: string;
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  fileKey: string;
  fileSize: ColumnType<string, number, number>;
  bytesRead: ColumnType<string, number | undefined, number>;
  createProducts: boolean;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  rowsDone: Generated<number>;
  ordersImported: Generated<number>;
  ordersSkipped: Generated<number>;
  linesImported: Generated<number>;
  productsCreated: Generated<number>;
  rowsRejected: Generated<number>;
  attempts: Generated<number>;
  error: Opt<string>;
  heartbeatAt: Opt<Date>;
  startedAt: Opt<Date>;
  finishedAt: Opt<Date>;
  createdAt: Generated<Date>;
  createdBy: Opt<string>;
};
export type OrderImportRejectionsTable = { tenantId: string; jobId: string; line: number; orderNumber: string | null; reason: string };

export type CommerceTables = {
  orderImportJobs: OrderImportJobsTable;
  orderImportRejections: OrderImportRejectionsTable;
  productCategories: CategoriesTable;
  products: ProductsTable;
  priceLists: PriceListsTable;
  priceListItems: PriceListItemsTable;
  quotes: QuotesTable;
  quoteLines: QuoteLinesTable;
  contracts: ContractsTable;
  orders: OrdersTable;
  orderLines: OrderLinesTable;
  receivables: ReceivablesTable;
  instalments: InstalmentsTable;
  payments: PaymentsTable;
  payables: PayablesTable;
};

/**
 * Moving an organisation's commerce documents to another organisation inside the caller's transaction, and putting
 * them back: what an organisation merge needs (wired in the composition root). Order lines carry the customer too
 * (the purchase history reads them without the order), so they move with it; payables name the partner.
 */
import { createColumnRelinker } from '../../platform/db/relink-columns.ts';

export function createCommerceOrganisationRelink() {
  return createColumnRelinker({
    quotes: { table: 'quotes', column: 'organisation_id', versioned: true },
    contracts: { table: 'contracts', column: 'organisation_id', versioned: true },
    orders: { table: 'orders', column: 'organisation_id', versioned: true },
    orderLines: { table: 'order_lines', column: 'organisation_id', versioned: false },
    receivables: { table: 'receivables', column: 'organisation_id', versioned: true },
    payables: { table: 'payables', column: 'partner_organisation_id', versioned: true },
  });
}

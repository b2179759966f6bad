/**
 * Moving an organisation's sales records (opportunities, leads converted into it) to another organisation inside
 * the caller's transaction, and putting them back: what an organisation merge needs (wired in the composition root).
 */
import { createColumnRelinker } from '../../platform/db/relink-columns.ts';

export function createSalesOrganisationRelink() {
  return createColumnRelinker({
    opportunities: { table: 'opportunities', column: 'organisation_id', versioned: true },
    leads: { table: 'leads', column: 'converted_organisation_id', versioned: true },
  });
}

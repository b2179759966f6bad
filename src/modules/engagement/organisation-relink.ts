/**
 * Moving an organisation's engagement records (interactions, tasks) to another organisation inside the caller's
 * transaction, and putting them back: what an organisation merge needs (the directory calls this through the
 * composition root; engagement does not know why). The timeline keeps its entries: they are history.
 */
import { createColumnRelinker } from '../../platform/db/relink-columns.ts';

export function createEngagementOrganisationRelink() {
  return createColumnRelinker({
    interactions: { table: 'interactions', column: 'organisation_id', versioned: true },
    tasks: { table: 'tasks', column: 'organisation_id', versioned: true },
  });
}

/** Builds the directory's services over one database handle. */
import type { Kysely } from 'kysely';
import { createCustomFieldService } from './custom-field.service.ts';
import type { DirectoryTables } from './directory.tables.ts';
import { createOrganisationService } from './organisation.service.ts';
import { createPersonLists } from './person.list.ts';
import { createPersonService, type PersonHooks } from './person.service.ts';
import { createRelationsService } from './relations.service.ts';
import { createDirectoryOwnership } from './ownership.ts';
import { createPrivacyService } from './privacy.service.ts';
import { createPersonRelink } from './person-relink.ts';
import { createPersonBulk } from './person-bulk.ts';
import { createCustomerLookup } from './customer-lookup.ts';
import { createOrganisationMerges, type OrganisationRelinker } from './organisation-merge.service.ts';

export type DirectoryServiceDeps = {
  db: Kysely<Record<never, never>>;
  phoneRegion: string;
  userExists: (tenantId: string, userId: string) => Promise<boolean>;
  clock?: () => Date;
  /** Optional: told about every person created (identity matching is wired in here by the composition root). */
  personHooks?: PersonHooks;
  /** Other modules' rows naming an organisation, moved by an organisation merge (wired by the composition root). */
  organisationRelinkers?: OrganisationRelinker[];
};

export function createDirectoryService(deps: DirectoryServiceDeps) {
  const db = deps.db.withTables<DirectoryTables>();
  const customFields = createCustomFieldService(db);
  const inner = { db, phoneRegion: deps.phoneRegion, customFields, userExists: deps.userExists, ...(deps.personHooks ? { hooks: deps.personHooks } : {}) };
  return {
    people: { ...createPersonService(inner), ...createPersonLists(db, customFields), createMany: createPersonBulk(inner) },
    organisations: createOrganisationService(inner),
    organisationMerges: createOrganisationMerges(db, deps.organisationRelinkers ?? []),
    relations: createRelationsService(db, deps.clock),
    customFields,
    ownership: createDirectoryOwnership(db),
    privacy: createPrivacyService(db),
    relink: createPersonRelink(),
    customers: createCustomerLookup(db, deps.phoneRegion),
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

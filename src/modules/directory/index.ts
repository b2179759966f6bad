/**
 * Directory: the customer master — people and organisations (many-to-many, with titles), relationship types,
 * owners, sources, tags, phones (E.164), addresses, family members, key dates, custom fields, and search by
 * name, pinyin, initials, 简/繁, phone digits or e-mail.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DirectoryService } from './directory.service.ts';
import { organisationRoutes } from './organisation.routes.ts';
import { personRoutes } from './person.routes.ts';
import { relationRoutes } from './relations.routes.ts';

export { createDirectoryService, type DirectoryService } from './directory.service.ts';
export type { Person, PersonCreate } from './person.schema.ts';
export type { Organisation, OrganisationCreate } from './organisation.schema.ts';
export { nextOccurrence } from './relations.service.ts';
export type { RelinkState } from './person-relink.ts';
export type { OrganisationRelinker } from './organisation-merge.service.ts';
export type { PersonHooks } from './person.service.ts';
export { createDirectoryAnalyticsSource, type DirectoryAnalyticsSource, type AnalyticsCustomer, type CustomerKind } from './analytics-source.ts';

export const directoryMigrations = { module: 'directory', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export function directoryRoutes(directory: DirectoryService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(personRoutes(directory));
    await app.register(organisationRoutes(directory));
    await app.register(relationRoutes(directory));
  };
}
export { createPersonReads, type MatchPerson, type MatchRecordRow, type PersonChange, type PersonReads } from './person-reads.ts';

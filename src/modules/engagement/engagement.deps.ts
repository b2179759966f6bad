/** What the engagement module needs from outside, and the checks built on it. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { isAppError } from '../../kernel/errors.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { engagementErrors } from './engagement.errors.ts';
import type { EngagementTables } from './engagement.tables.ts';

export type EngagementDeps = {
  db: Kysely<Record<never, never>>;
  directory: Pick<DirectoryService, 'people' | 'organisations'>;
  userExists: (tenantId: string, userId: string) => Promise<boolean>;
  storage: FileStorage;
  /** Largest attachment in bytes (larger answers 413). */
  attachmentMaxBytes: number;
  clock?: () => Date;
};

export type EngagementDb = Kysely<EngagementTables>;

/** A subject of the timeline: the customer an event is about. */
export type Subject = { type: 'person' | 'organisation'; id: string };

const found = (work: Promise<unknown>) =>
  work.then(
    () => true,
    (error: unknown) => {
      if (isAppError(error) && error.kind === 'not_found') return false;
      throw error;
    },
  );

export function referenceChecks(deps: EngagementDeps) {
  return {
    async person(ctx: ActorContext, id: string, field: string) {
      if (!(await found(deps.directory.people.get(ctx, id)))) throw engagementErrors.badReference(field, 'person', id);
    },
    async organisation(ctx: ActorContext, id: string, field: string) {
      if (!(await found(deps.directory.organisations.get(ctx, id)))) throw engagementErrors.badReference(field, 'organisation', id);
    },
    async user(ctx: ActorContext, id: string, field: string) {
      if (!(await deps.userExists(ctx.tenantId, id))) throw engagementErrors.badReference(field, 'user', id);
    },
    /** 'person' | 'organisation' | null — for the timeline's subject lookup. */
    async subjectType(ctx: ActorContext, id: string): Promise<Subject['type'] | null> {
      if (await found(deps.directory.people.get(ctx, id))) return 'person';
      if (await found(deps.directory.organisations.get(ctx, id))) return 'organisation';
      return null;
    },
  };
}

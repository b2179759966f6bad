/**
 * Identity's share of personal-information rights (plugged into the privacy module's providers in app/server.ts):
 * the touchpoints keep every record as received — names, phones, addresses — so an export lists them and an
 * erasure deletes them (and the review pairs naming the person). The tenant's in-memory index is dropped too,
 * so the erased values cannot be matched any more.
 */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { Matching } from './touchpoint.matching.ts';
import type { IdentityTables } from './touchpoint.tables.ts';

export function createIdentityPrivacy(deps: { db: Kysely<IdentityTables>; directory: DirectoryService; matching: Matching }) {
  return {
    name: 'identity',
    async exportPerson(ctx: ActorContext, personId: string) {
      await deps.directory.people.get(ctx, personId);
      const touchpoints = await deps.db
        .selectFrom('identityTouchpoints')
        .select(['id', 'source', 'receivedAt', 'raw', 'normalised', 'linkKind', 'matchProbability'])
        .where('tenantId', '=', ctx.tenantId)
        .where('personId', '=', personId)
        .orderBy('receivedAt')
        .execute();
      return { touchpoints };
    },
    async erasePerson(trx: Kysely<Record<never, never>>, ctx: ActorContext, personId: string): Promise<Record<string, number>> {
      const tx = trx.withTables<IdentityTables>();
      const touchpoints = await tx.deleteFrom('identityTouchpoints').where('tenantId', '=', ctx.tenantId).where('personId', '=', personId).returning('id').execute();
      const pairs = await tx
        .deleteFrom('identityReviewPairs')
        .where('tenantId', '=', ctx.tenantId)
        .where((eb) => eb.or([eb('leftId', '=', personId), eb('rightId', '=', personId)]))
        .returning('id')
        .execute();
      deps.matching.forget(ctx.tenantId);
      return { touchpoints: touchpoints.length, reviewPairs: pairs.length };
    },
  };
}

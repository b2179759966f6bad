/**
 * What identity does when the directory creates a person (injected as the directory's PersonHooks in app/server.ts):
 * - 'block': refuse, before saving, a person that is the same as an existing one (409 with the candidates);
 * - 'warn' (default): save, record the person's data as an 'api' touchpoint, and put an uncertain or likely
 *   duplicate into the review queue;
 * - 'link': as 'warn', and at or above the link threshold merge the new person into the existing one at once
 *   (an ordinary, reversible merge).
 * People created by an import are skipped: the import has already matched them.
 */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Person, PersonCreate, PersonHooks } from '../directory/index.ts';
import type { MatchThresholds, Matching } from './touchpoint.matching.ts';
import { matcherRecord, normaliseTouchpoint, type TouchpointInput } from './touchpoint.normalise.ts';
import type { IdentityTables } from './touchpoint.tables.ts';

export type OnPersonCreate = 'warn' | 'link' | 'block';

type HookDeps = {
  db: Kysely<IdentityTables>;
  matching: Matching;
  phoneRegion: string;
  thresholds: MatchThresholds;
  mode: OnPersonCreate;
  /** Ids the import is creating right now. */
  importing: Set<string>;
  merge: (ctx: ActorContext, survivorId: string, mergedId: string) => Promise<unknown>;
};

function fromPerson(person: Pick<Person, 'name' | 'phones' | 'emails' | 'addresses' | 'birthday' | 'gender' | 'wechatId'>): TouchpointInput {
  const address = person.addresses[0];
  return {
    name: person.name,
    phone: person.phones.map((p) => p.e164).join(';'),
    email: person.emails.map((e) => e.address).join(';'),
    address: address ? address.raw ?? [address.province, address.city, address.district, address.street, address.detail].filter(Boolean).join('') : '',
    birthDate: person.birthday ?? '',
    gender: person.gender ?? '',
    wechat: person.wechatId ?? '',
  };
}

function fromInput(input: PersonCreate): TouchpointInput {
  return {
    name: input.name,
    phone: (input.phones ?? []).map((p) => p.number).join(';'),
    email: (input.emails ?? []).map((e) => e.address).join(';'),
    address: input.addresses?.[0]?.raw ?? '',
    birthDate: input.birthday ?? '',
  };
}

export function createPersonHooks(deps: HookDeps): PersonHooks {
  return {
    async beforeCreate(ctx, input, id) {
      if (deps.mode !== 'block' || deps.importing.has(id)) return;
      const { value } = normaliseTouchpoint(fromInput(input), deps.phoneRegion);
      const candidates = (await deps.matching.match(ctx.tenantId, matcherRecord(value), deps.thresholds.link, 5)).filter((c) => !c.vetoedBy);
      if (candidates.length === 0) return;
      throw new AppError('conflict', 'IDENTITY.LIKELY_DUPLICATE', `This person is probably already there (${candidates.map((c) => c.personId).join(', ')}); see POST /api/v1/identity/match`, {
        candidates: candidates.map((c) => ({ personId: c.personId, probability: c.probability })),
      });
    },

    async afterCreate(ctx, person) {
      if (deps.importing.has(person.id)) return;
      const input = fromPerson(person);
      const { value } = normaliseTouchpoint(input, deps.phoneRegion);
      const [best] = (await deps.matching.match(ctx.tenantId, matcherRecord(value), deps.thresholds.review, 5)).filter((c) => !c.vetoedBy && c.personId !== person.id);
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('identityTouchpoints')
          .values({ tenantId: ctx.tenantId, id: newId(), touchpointKey: `person:${person.id}`, source: 'api', raw: JSON.stringify(input), normalised: JSON.stringify(value), personId: person.id, status: 'linked', linkKind: 'created', createdBy: ctx.userId ?? null })
          .onConflict((oc) => oc.columns(['tenantId', 'touchpointKey']).doNothing())
          .execute();
        if (!best) return;
        const [leftId, rightId] = best.personId < person.id ? [best.personId, person.id] : [person.id, best.personId];
        await trx
          .insertInto('identityReviewPairs')
          .values({ tenantId: ctx.tenantId, id: newId(), leftId, rightId, probability: best.probability, explanation: JSON.stringify(best.explanation), status: 'open' })
          .onConflict((oc) => oc.columns(['tenantId', 'leftId', 'rightId']).doNothing())
          .execute();
      });
      if (best && deps.mode === 'link' && best.probability >= deps.thresholds.link) await deps.merge(ctx, best.personId, person.id);
    },
  };
}

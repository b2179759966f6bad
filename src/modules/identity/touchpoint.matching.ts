/**
 * The real-time side of matching: one IdentityIndex per tenant, warmed from the database (every live person and
 * every touchpoint linked to one, so a person is found by any phone or spelling they were ever seen with), then
 * kept current from the outbox — each match first replays the person events written since the last look, so
 * changes made by another API node are seen too. Index entries are never removed; entries of deleted or merged
 * people are filtered out of the answers.
 */
import { sql, type Kysely } from 'kysely';
import type { MatchPerson, MatchRecordRow, PersonReads } from '../directory/index.ts';
import { IdentityIndex } from './matcher/identity-index.ts';
import type { ModelParams, PairExplanation, RawRecord } from './matcher/model.types.ts';
import { rescalePrior } from './matcher/params-json.ts';
import { chinesePersonDefaultParams } from './matcher/chinese-person.params.ts';
import { chinesePersonSpec } from './matcher/specs.ts';

export type MatchThresholds = {
  /** At or above: the record is the same person (linked automatically). */
  link: number;
  /** At or above but below link: an uncertain pair, put in the review queue. */
  review: number;
};
export const DEFAULT_THRESHOLDS: MatchThresholds = { link: 0.95, review: 0.5 };

export type PersonCandidate = { personId: string; probability: number; vetoedBy: string | null; explanation: PairExplanation };

type TenantIndex = { index: IdentityIndex; personOf: string[]; known: Set<string>; gone: Set<string>; lastSeq: number };

type PersonRow = Omit<MatchPerson, 'deleted'>;

/** Rows read per query while warming an index. */
const WARM_PAGE = 20_000;

export function personRecord(row: PersonRow): RawRecord {
  const address = row.addresses[0];
  return {
    name: row.name,
    phone: row.phones.map((p) => p.e164).join(';'),
    email: row.emails[0]?.address ?? '',
    address: address ? address.raw ?? [address.province, address.city, address.district, address.street, address.detail].filter(Boolean).join('') : '',
    birth_date: row.birthday ?? '',
    company: '',
  };
}

/** `people`: the directory's reads (contact data, change feed); identity never queries the directory's tables. */
/** `paramsOf`: the tenant's model (the shipped defaults until reviewers' decisions teach it). */
export function createMatching(db: Kysely<Record<never, never>>, people: PersonReads, paramsOf: (tenantId: string) => Promise<ModelParams> = async () => chinesePersonDefaultParams) {
  const tenants = new Map<string, Promise<TenantIndex>>();

  async function warm(tenantId: string): Promise<TenantIndex> {
    // The outbox position is taken first: anything written while warming is replayed (adding twice is harmless).
    const lastSeq = await people.changePosition();
    const { rows: countRows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_touchpoints WHERE tenant_id = ${tenantId}`.execute(db);
    const index = new IdentityIndex(chinesePersonSpec, rescalePrior(await paramsOf(tenantId), Math.max(1000, await people.liveCount(tenantId) + (countRows[0]?.n ?? 0))));
    const state: TenantIndex = { index, personOf: [], known: new Set(), gone: new Set(), lastSeq };
    // In pages of small rows, fields extracted in SQL: every person read at once with phones, e-mails and addresses
    // parsed from JSON held about 1 KiB of heap each (193 MiB for 200,000 people) and took twice as long to read.
    for (let after: string | null = null; ;) {
      const page = await people.matchRecordsPage(tenantId, after, WARM_PAGE);
      for (const { id, birthDate, ...fields } of page) add(state, id, { ...fields, birth_date: birthDate, company: '' });
      if (page.length < WARM_PAGE) break;
      after = (page[page.length - 1] as MatchRecordRow).id;
    }
    for (let after: string | null = null; ;) {
      const { rows: page } = await sql<{ id: string; personId: string; name: string; phone: string; email: string; address: string; birthDate: string; company: string }>`
        SELECT t.id, t.person_id, coalesce(t.normalised->>'name', '') AS name,
          coalesce((SELECT string_agg(p.value->>'e164', ';' ORDER BY p.ordinality) FROM jsonb_array_elements(t.normalised->'phones') WITH ORDINALITY p), '') AS phone,
          coalesce(t.normalised->'emails'->>0, '') AS email, coalesce(t.normalised->'address'->>'raw', '') AS address,
          coalesce(t.normalised->>'birthDate', '') AS birth_date, coalesce(t.normalised->>'company', '') AS company
        FROM identity_touchpoints t WHERE t.tenant_id = ${tenantId} ${after ? sql`AND t.id > ${after}::uuid` : sql``}
        ORDER BY t.id LIMIT ${WARM_PAGE}`.execute(db);
      for (const { id: _id, personId, birthDate, ...fields } of page) {
        // The person is deleted or merged away (or still pending): not matched.
        if (state.known.has(personId)) add(state, personId, { ...fields, birth_date: birthDate });
      }
      if (page.length < WARM_PAGE) break;
      after = (page[page.length - 1] as { id: string }).id;
    }
    return state;
  }

  function add(state: TenantIndex, personId: string, record: RawRecord): void {
    state.index.add(record);
    state.personOf.push(personId);
    state.known.add(personId);
  }

  async function replay(tenantId: string, state: TenantIndex): Promise<void> {
    const rows = await people.changesSince(tenantId, state.lastSeq);
    if (rows.length === 0) return;
    const changed = new Set<string>();
    for (const row of rows) {
      state.lastSeq = Math.max(state.lastSeq, row.seq);
      if (row.type === 'directory.person.deleted' || row.type === 'identity.person.merged') state.gone.add(row.personId);
      // A person this process already indexed (an import, the create hook) needs no second entry for its creation.
      else if (row.type !== 'directory.person.created' || !state.known.has(row.personId)) changed.add(row.personId);
    }
    if (changed.size === 0) return;
    for (const person of await people.matchRows(tenantId, [...changed])) {
      if (person.deleted) {
        state.gone.add(person.id); // erased, or deleted by a change the feed names otherwise
        continue;
      }
      state.gone.delete(person.id);
      add(state, person.id, personRecord(person));
    }
  }

  async function stateOf(tenantId: string): Promise<TenantIndex> {
    let state = tenants.get(tenantId);
    if (!state) {
      state = warm(tenantId);
      tenants.set(tenantId, state);
      state.catch(() => tenants.delete(tenantId));
    }
    const ready = await state;
    await replay(tenantId, ready);
    return ready;
  }

  /** Candidates for one record, one per person (its best entry), best first, at or above `minProbability`. */
  function scoreIn(state: TenantIndex, record: RawRecord, minProbability: number, limit = 10): PersonCandidate[] {
    const best = new Map<string, PersonCandidate>();
    for (const candidate of state.index.score(record, minProbability)) {
      const personId = state.personOf[candidate.index];
      if (!personId || state.gone.has(personId) || best.has(personId)) continue;
      best.set(personId, { personId, probability: candidate.probability, vetoedBy: candidate.vetoedBy, explanation: candidate.explanation });
      if (best.size >= limit) break;
    }
    return [...best.values()];
  }

  return {
    stateOf,
    scoreIn,
    add,
    async match(tenantId: string, record: RawRecord, minProbability: number, limit?: number): Promise<PersonCandidate[]> {
      return scoreIn(await stateOf(tenantId), record, minProbability, limit);
    },
    /** Records a person written by this process at once (the outbox replay would add it again: harmless). */
    async remember(tenantId: string, personId: string, record: RawRecord): Promise<void> {
      const state = tenants.get(tenantId);
      if (state) add(await state, personId, record);
    },
    forget(tenantId: string): void {
      tenants.delete(tenantId);
    },
  };
}

export type Matching = ReturnType<typeof createMatching>;

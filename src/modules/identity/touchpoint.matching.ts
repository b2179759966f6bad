/**
 * The real-time side of matching: one IdentityIndex per tenant, warmed from the database (every live person and
 * every touchpoint linked to one, so a person is found by any phone or spelling they were ever seen with), then
 * kept current from the outbox — each match first replays the person events written since the last look, so
 * changes made by another API node are seen too. Index entries are never removed; entries of deleted or merged
 * people are filtered out of the answers.
 */
import { sql, type Kysely } from 'kysely';
import { IdentityIndex } from './matcher/identity-index.ts';
import type { PairExplanation, RawRecord } from './matcher/model.types.ts';
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

type PersonRow = { id: string; name: string; phones: Array<{ e164: string }>; emails: Array<{ address: string }>; addresses: Array<{ raw: string | null; province: string | null; city: string | null; district: string | null; street: string | null; detail: string | null }>; birthday: string | null };

const PERSON_EVENTS = ['directory.person.created', 'directory.person.updated', 'directory.person.deleted', 'directory.person.restored', 'identity.person.merged', 'identity.person.unmerged'];

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

export function createMatching(db: Kysely<Record<never, never>>) {
  const tenants = new Map<string, Promise<TenantIndex>>();

  async function readPeople(tenantId: string, ids?: string[]): Promise<Array<PersonRow & { deleted: boolean }>> {
    const filter = ids ? sql`AND id = ANY(${ids}::uuid[])` : sql`AND deleted_at IS NULL AND erased_at IS NULL`;
    const { rows } = await sql<PersonRow & { deleted: boolean }>`
      SELECT id, name, phones, emails, addresses, birthday::text AS birthday, (deleted_at IS NOT NULL OR erased_at IS NOT NULL) AS deleted
      FROM people WHERE tenant_id = ${tenantId} ${filter}`.execute(db);
    return rows;
  }

  async function warm(tenantId: string): Promise<TenantIndex> {
    // The outbox position is taken first: anything written while warming is replayed (adding twice is harmless).
    const { rows: seqRows } = await sql<{ seq: string | null }>`SELECT max(seq)::text AS seq FROM events`.execute(db);
    const people = await readPeople(tenantId);
    const { rows: countRows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_touchpoints WHERE tenant_id = ${tenantId}`.execute(db);
    const expected = Math.max(1000, people.length + (countRows[0]?.n ?? 0));
    const index = new IdentityIndex(chinesePersonSpec, rescalePrior(chinesePersonDefaultParams, expected));
    const state: TenantIndex = { index, personOf: [], known: new Set(), gone: new Set(), lastSeq: Number(seqRows[0]?.seq ?? 0) };
    for (const person of people) add(state, person.id, personRecord(person));
    const { rows: touchpoints } = await sql<{ personId: string; normalised: { name: string; phones: Array<{ e164: string }>; emails: string[]; address: { raw: string } | null; birthDate: string | null; company: string | null } }>`
      SELECT t.person_id, t.normalised FROM identity_touchpoints t
      JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id AND p.deleted_at IS NULL
      WHERE t.tenant_id = ${tenantId}`.execute(db);
    for (const t of touchpoints) {
      const n = t.normalised;
      add(state, t.personId, { name: n.name, phone: n.phones.map((p) => p.e164).join(';'), email: n.emails[0] ?? '', address: n.address?.raw ?? '', birth_date: n.birthDate ?? '', company: n.company ?? '' });
    }
    return state;
  }

  function add(state: TenantIndex, personId: string, record: RawRecord): void {
    state.index.add(record);
    state.personOf.push(personId);
    state.known.add(personId);
  }

  async function replay(tenantId: string, state: TenantIndex): Promise<void> {
    const { rows } = await sql<{ seq: string; type: string; aggregateId: string }>`
      SELECT seq::text AS seq, type, aggregate_id FROM events
      WHERE tenant_id = ${tenantId} AND type = ANY(${PERSON_EVENTS}::text[]) AND seq > ${state.lastSeq} ORDER BY seq`.execute(db);
    if (rows.length === 0) return;
    const changed = new Set<string>();
    for (const row of rows) {
      state.lastSeq = Math.max(state.lastSeq, Number(row.seq));
      if (row.type === 'directory.person.deleted' || row.type === 'identity.person.merged') state.gone.add(row.aggregateId);
      // A person this process already indexed (an import, the create hook) needs no second entry for its creation.
      else if (row.type !== 'directory.person.created' || !state.known.has(row.aggregateId)) changed.add(row.aggregateId);
    }
    if (changed.size === 0) return;
    for (const person of await readPeople(tenantId, [...changed])) {
      if (person.deleted) continue;
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

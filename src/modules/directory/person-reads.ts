/**
 * Reads of the customer master for the identity module (handed to it by the composition root), so that identity
 * never queries the directory's tables: the contact data its matcher indexes, which people exist, which a caller
 * may see (and their names), and the feed of person changes (outbox events about the `person` aggregate) that
 * keeps an in-memory index current across API nodes.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { visibleRows } from '../access/index.ts';

export type MatchPerson = {
  id: string;
  name: string;
  phones: Array<{ e164: string }>;
  emails: Array<{ address: string }>;
  addresses: Array<{ raw: string | null; province: string | null; city: string | null; district: string | null; street: string | null; detail: string | null }>;
  birthday: string | null;
  /** Deleted (or merged away) or erased: not to be matched. */
  deleted: boolean;
};

/** A live person as the matcher's flat record (the fields it compares), for building an index in pages. */
export type MatchRecordRow = { id: string; name: string; phone: string; email: string; address: string; birthDate: string };

export type PersonChange = { seq: number; type: string; personId: string };

export function createPersonReads(db: Kysely<Record<never, never>>) {
  return {
    /** Contact data for matching: every live person of the tenant, or exactly `ids` (live or not, flagged). */
    async matchRows(tenantId: string, ids?: string[]): Promise<MatchPerson[]> {
      if (ids && ids.length === 0) return [];
      const filter = ids ? sql`AND id = ANY(${ids}::uuid[])` : sql`AND deleted_at IS NULL AND erased_at IS NULL`;
      const { rows } = await sql<MatchPerson>`
        SELECT id, name, phones, emails, addresses, birthday::text AS birthday, (deleted_at IS NOT NULL OR erased_at IS NOT NULL) AS deleted
        FROM people WHERE tenant_id = ${tenantId} ${filter}`.execute(db);
      return rows;
    },

    /**
     * The tenant's live people after `afterId` in id order, `limit` of them, reduced in SQL to the strings the
     * matcher compares (phones' E.164 joined by ';', the first e-mail and address). Warming an index of a million
     * people this way keeps one page of small rows in memory instead of every person's phone, e-mail and address
     * objects parsed from JSON at once.
     */
    async matchRecordsPage(tenantId: string, afterId: string | null, limit: number): Promise<MatchRecordRow[]> {
      const { rows } = await sql<MatchRecordRow>`
        SELECT id, name,
          coalesce((SELECT string_agg(p.value->>'e164', ';' ORDER BY p.ordinality) FROM jsonb_array_elements(phones) WITH ORDINALITY p), '') AS phone,
          coalesce(emails->0->>'address', '') AS email,
          coalesce(addresses->0->>'raw', concat_ws('', addresses->0->>'province', addresses->0->>'city', addresses->0->>'district', addresses->0->>'street', addresses->0->>'detail')) AS address,
          coalesce(birthday::text, '') AS birth_date
        FROM people
        WHERE tenant_id = ${tenantId} AND deleted_at IS NULL AND erased_at IS NULL ${afterId ? sql`AND id > ${afterId}::uuid` : sql``}
        ORDER BY id LIMIT ${limit}`.execute(db);
      return rows;
    },

    /** How many live people the tenant has (the prior of its matching model is scaled to it). */
    async liveCount(tenantId: string): Promise<number> {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people WHERE tenant_id = ${tenantId} AND deleted_at IS NULL AND erased_at IS NULL`.execute(db);
      return rows[0]?.n ?? 0;
    },

    /** Tenants that have live people (to warm their matching index at start). */
    async tenants(): Promise<string[]> {
      const { rows } = await sql<{ tenantId: string }>`SELECT DISTINCT tenant_id FROM people WHERE deleted_at IS NULL`.execute(db);
      return rows.map((r) => r.tenantId);
    },

    /** Which of `ids` exist at all (live, deleted or merged away). */
    async existing(tenantId: string, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const { rows } = await sql<{ id: string }>`SELECT id FROM people WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[])`.execute(db);
      return new Set(rows.map((r) => r.id));
    },

    /** Names of the people among `ids` the actor may read; deleted ones only with `includeDeleted` (decided pairs). */
    async visibleNames(ctx: ActorContext, ids: string[], options: { includeDeleted?: boolean } = {}): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const live = options.includeDeleted ? sql`true` : sql`p.deleted_at IS NULL`;
      const { rows } = await sql<{ id: string; name: string }>`
        SELECT p.id, p.name FROM people p
        WHERE p.tenant_id = ${ctx.tenantId} AND p.id = ANY(${ids}::uuid[]) AND ${live}
          AND ${visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' })}`.execute(db);
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /**
     * A condition for another module's query: the person whose id is in column `idColumn` (e.g. 'r.left_id') is
     * one of the tenant's and the actor may read it (deleted ones only with `includeDeleted`). Lets a caller filter
     * a long list in the database — one query instead of reading pages and asking `visibleNames` per page — while
     * the people table stays the directory's.
     */
    visiblePersonFilter(ctx: ActorContext, idColumn: string, options: { includeDeleted?: boolean } = {}): RawBuilder<boolean> {
      const live = options.includeDeleted ? sql`true` : sql`p.deleted_at IS NULL`;
      return sql<boolean>`EXISTS (SELECT 1 FROM people p WHERE p.tenant_id = ${ctx.tenantId} AND p.id = ${sql.ref(idColumn)} AND ${live}
        AND ${visibleRows(ctx, 'person', { id: 'p.id', owner: 'p.owner_id' })})`;
    },

    /** The outbox position now: changes after it are what `changesSince` returns. */
    async changePosition(): Promise<number> {
      const { rows } = await sql<{ seq: string | null }>`SELECT max(seq)::text AS seq FROM events`.execute(db);
      return Number(rows[0]?.seq ?? 0);
    },

    /** Person events of the tenant after `afterSeq`, in order (created, updated, deleted, restored, merged…). */
    async changesSince(tenantId: string, afterSeq: number): Promise<PersonChange[]> {
      const { rows } = await sql<{ seq: string; type: string; personId: string }>`
        SELECT seq::text AS seq, type, aggregate_id AS person_id FROM events
        WHERE seq > ${afterSeq} AND tenant_id = ${tenantId} AND aggregate_type = 'person' ORDER BY seq`.execute(db);
      return rows.map((r) => ({ seq: Number(r.seq), type: r.type, personId: r.personId }));
    },
  };
}

export type PersonReads = ReturnType<typeof createPersonReads>;

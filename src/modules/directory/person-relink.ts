/**
 * Moving a person's directory relations to another person, inside the caller's transaction, and putting them back:
 * what a merge of duplicates needs (the identity module calls this; the directory does not know why). `move`
 * returns the exact rows it changed so that `restore` undoes precisely those, even after later edits elsewhere.
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import type { Email, Phone } from './contact.schema.ts';
import { recordTerms } from './search-terms.ts';

export type RelinkState = {
  memberships: string[];
  familyMembers: string[];
  relatedFamily: string[];
  keyDates: string[];
  consents: string[];
  /** The moved-away person's deletion time before the move (null: it was live). */
  deletedAt: string | null;
};

type Ids = { id: string };

export function createPersonRelink() {
  async function move(trx: QueryExecutorProvider, tenantId: string, fromId: string, toId: string): Promise<RelinkState> {
    const ids = (rows: Ids[]) => rows.map((r) => r.id);
    // A membership of an organisation the survivor already belongs to stays where it is (one per pair).
    const memberships = await sql<Ids>`UPDATE memberships m SET person_id = ${toId} WHERE m.tenant_id = ${tenantId} AND m.person_id = ${fromId}
      AND NOT EXISTS (SELECT 1 FROM memberships s WHERE s.tenant_id = m.tenant_id AND s.person_id = ${toId} AND s.organisation_id = m.organisation_id) RETURNING m.id`.execute(trx);
    const family = await sql<Ids>`UPDATE family_members SET person_id = ${toId} WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
    const related = await sql<Ids>`UPDATE family_members SET related_person_id = ${toId} WHERE tenant_id = ${tenantId} AND related_person_id = ${fromId} RETURNING id`.execute(trx);
    const keyDates = await sql<Ids>`UPDATE key_dates SET person_id = ${toId} WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
    const consents = await sql<Ids>`UPDATE consents SET person_id = ${toId} WHERE tenant_id = ${tenantId} AND person_id = ${fromId} RETURNING id`.execute(trx);
    const { rows } = await sql<{ deletedAt: string | null }>`SELECT deleted_at::text AS deleted_at FROM people WHERE tenant_id = ${tenantId} AND id = ${fromId} FOR UPDATE`.execute(trx);
    await sql`UPDATE people SET deleted_at = coalesce(deleted_at, now()), updated_at = now(), version = version + 1 WHERE tenant_id = ${tenantId} AND id = ${fromId}`.execute(trx);
    await sql`DELETE FROM search_terms WHERE tenant_id = ${tenantId} AND entity_id = ${fromId}`.execute(trx);
    return { memberships: ids(memberships.rows), familyMembers: ids(family.rows), relatedFamily: ids(related.rows), keyDates: ids(keyDates.rows), consents: ids(consents.rows), deletedAt: rows[0]?.deletedAt ?? null };
  }

  async function restore(trx: QueryExecutorProvider, tenantId: string, fromId: string, state: RelinkState): Promise<void> {
    await sql`UPDATE memberships SET person_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${state.memberships}::uuid[])`.execute(trx);
    await sql`UPDATE family_members SET person_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${state.familyMembers}::uuid[])`.execute(trx);
    await sql`UPDATE family_members SET related_person_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${state.relatedFamily}::uuid[])`.execute(trx);
    await sql`UPDATE key_dates SET person_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${state.keyDates}::uuid[])`.execute(trx);
    await sql`UPDATE consents SET person_id = ${fromId} WHERE tenant_id = ${tenantId} AND id = ANY(${state.consents}::uuid[])`.execute(trx);
    const { rows } = await sql<{ name: string; phones: Phone[]; emails: Email[]; wechatId: string | null; deletedAt: Date | null }>`
      UPDATE people SET deleted_at = ${state.deletedAt}::timestamptz, updated_at = now(), version = version + 1
      WHERE tenant_id = ${tenantId} AND id = ${fromId} RETURNING name, phones, emails, wechat_id, deleted_at`.execute(trx);
    const row = rows[0];
    if (!row || row.deletedAt) return;
    const terms = recordTerms({ name: row.name, phones: row.phones, emails: row.emails, wechatId: row.wechatId });
    await sql`DELETE FROM search_terms WHERE tenant_id = ${tenantId} AND entity_id = ${fromId}`.execute(trx);
    if (terms.length) await sql`INSERT INTO search_terms (tenant_id, entity, entity_id, term, field) VALUES ${sql.join(terms.map((t) => sql`(${tenantId}, 'person', ${fromId}, ${t.term}, ${t.field})`))}`.execute(trx);
  }

  return { move, restore };
}

/**
 * Finding customers by natural keys, for other modules' imports (commerce order import): a customer code (the
 * custom field `customer_code` of a person or organisation), a phone (any written form, compared as E.164) or an
 * e-mail (case-insensitive) — or by id, many at once. Only live records the caller may see are found; a key may match several customers,
 * and the caller decides what ambiguity means. Phones and e-mails go through the indexed search terms.
 */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { normalisePhone, phoneDigits } from '../../kernel/chinese/phone.ts';
import { visibleRows } from '../access/index.ts';
import type { DirectoryTables } from './directory.tables.ts';

export type CustomerKey = { kind: 'code' | 'phone' | 'email' | 'personId' | 'organisationId'; value: string };
export type FoundCustomer = { type: 'person' | 'organisation'; id: string; ownerId: string | null };

/** The map key of a lookup: `kind:value` as given. */
export const customerKeyOf = (key: CustomerKey) => `${key.kind}:${key.value}`;

export const CUSTOMER_CODE_FIELD = 'customer_code';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCustomerLookup(db: Kysely<DirectoryTables>, phoneRegion: string) {
  /** Every customer each key finds (an empty list when none); keys that cannot be a phone or e-mail find none. */
  async function find(ctx: ActorContext, keys: CustomerKey[]): Promise<Map<string, FoundCustomer[]>> {
    const found = new Map<string, FoundCustomer[]>(keys.map((key) => [customerKeyOf(key), []]));
    const byTerm = new Map<string, string[]>(); // search term → lookup keys
    const codes = new Map<string, string[]>();
    const ids = { person: new Map<string, string[]>(), organisation: new Map<string, string[]>() };
    for (const key of keys) {
      const mapKey = customerKeyOf(key);
      if (key.kind === 'code') codes.set(key.value, [...(codes.get(key.value) ?? []), mapKey]);
      if ((key.kind === 'personId' || key.kind === 'organisationId') && UUID.test(key.value)) {
        const byId = key.kind === 'personId' ? ids.person : ids.organisation;
        byId.set(key.value.toLowerCase(), [...(byId.get(key.value.toLowerCase()) ?? []), mapKey]);
      }
      const term = key.kind === 'phone' ? normalisedPhoneTerm(key.value, phoneRegion) : key.kind === 'email' && key.value.includes('@') ? `email:${key.value.trim().toLowerCase()}` : null;
      if (term) byTerm.set(term, [...(byTerm.get(term) ?? []), mapKey]);
    }
    const add = (mapKeys: string[] | undefined, customer: FoundCustomer) => {
      for (const mapKey of mapKeys ?? []) {
        const list = found.get(mapKey) ?? [];
        if (!list.some((c) => c.id === customer.id)) list.push(customer);
        found.set(mapKey, list);
      }
    };
    if (byTerm.size) {
      const terms = [...byTerm.keys()];
      const phones = terms.filter((t) => t.startsWith('phone:')).map((t) => t.slice(6));
      const emails = terms.filter((t) => t.startsWith('email:')).map((t) => t.slice(6));
      const searchTerms = [...phones.map((e164) => phoneDigits(e164)), ...emails];
      for (const [entity, table] of [['person', 'people'], ['organisation', 'organisations']] as const) {
        // One index probe per term (tenant, entity, term): the LIMIT keeps each probe a nested-loop index scan,
        // where `term = ANY(…)` let the planner scan the tenant's whole term list. The contacts then confirm.
        const { rows } = await sql<{ id: string; ownerId: string | null; phone: string | null; email: string | null }>`
          WITH hits AS MATERIALIZED (
            SELECT DISTINCT st.entity_id AS id FROM unnest(${searchTerms}::text[]) AS t(term)
            CROSS JOIN LATERAL (SELECT entity_id FROM search_terms WHERE tenant_id = ${ctx.tenantId} AND entity = ${entity} AND term = t.term LIMIT 100) st)
          SELECT r.id, r.owner_id, p.value->>'e164' AS phone, lower(e.value->>'address') AS email
          FROM hits JOIN ${sql.table(table)} AS r ON r.tenant_id = ${ctx.tenantId} AND r.id = hits.id
          LEFT JOIN LATERAL jsonb_array_elements(r.phones) p(value) ON p.value->>'e164' = ANY(${phones}::text[])
          LEFT JOIN LATERAL jsonb_array_elements(r.emails) e(value) ON lower(e.value->>'address') = ANY(${emails}::text[])
          WHERE r.deleted_at IS NULL AND (p.value IS NOT NULL OR e.value IS NOT NULL)
            AND ${visibleRows(ctx, entity, { id: 'r.id', owner: 'r.owner_id' })}`.execute(db);
        for (const row of rows) {
          const customer = { type: entity, id: row.id, ownerId: row.ownerId };
          if (row.phone) add(byTerm.get(`phone:${row.phone}`), customer);
          if (row.email) add(byTerm.get(`email:${row.email}`), customer);
        }
      }
    }
    for (const [entity, table] of [['person', 'people'], ['organisation', 'organisations']] as const) {
      const wanted = ids[entity];
      if (!wanted.size) continue;
      const { rows } = await sql<{ id: string; ownerId: string | null }>`
        SELECT id, owner_id FROM ${sql.table(table)}
        WHERE tenant_id = ${ctx.tenantId} AND deleted_at IS NULL AND id = ANY(${[...wanted.keys()]}::uuid[])
          AND ${visibleRows(ctx, entity, { id: `${table}.id`, owner: `${table}.owner_id` })}`.execute(db);
      for (const row of rows) add(wanted.get(row.id), { type: entity, id: row.id, ownerId: row.ownerId });
    }
    if (codes.size) {
      const values = [...codes.keys()];
      for (const [entity, table] of [['person', 'people'], ['organisation', 'organisations']] as const) {
        // The key is written into the SQL (not a parameter) and IS NOT NULL spelled out, so that the expression and
        // the predicate match the partial indexes people/organisations_customer_code_idx.
        const code = sql`custom ->> ${sql.lit(CUSTOMER_CODE_FIELD)}`;
        const { rows } = await sql<{ id: string; ownerId: string | null; code: string }>`
          SELECT id, owner_id, ${code} AS code FROM ${sql.table(table)}
          WHERE tenant_id = ${ctx.tenantId} AND deleted_at IS NULL AND ${code} IS NOT NULL AND ${code} = ANY(${values}::text[])
            AND ${visibleRows(ctx, entity, { id: `${table}.id`, owner: `${table}.owner_id` })}`.execute(db);
        for (const row of rows) add(codes.get(row.code), { type: entity, id: row.id, ownerId: row.ownerId });
      }
    }
    return found;
  }

  /**
   * Display names of customers by id, many at once (a board of cards asks once, not once per card): only live
   * records the caller may see are answered, so a hidden customer is simply absent from the map (id → name).
   */
  async function names(ctx: ActorContext, refs: Array<{ type: 'person' | 'organisation'; id: string }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [entity, table] of [['person', 'people'], ['organisation', 'organisations']] as const) {
      const ids = [...new Set(refs.filter((r) => r.type === entity && UUID.test(r.id)).map((r) => r.id.toLowerCase()))];
      if (!ids.length) continue;
      const { rows } = await sql<{ id: string; name: string }>`
        SELECT id, name FROM ${sql.table(table)}
        WHERE tenant_id = ${ctx.tenantId} AND deleted_at IS NULL AND id = ANY(${ids}::uuid[])
          AND ${visibleRows(ctx, entity, { id: `${table}.id`, owner: `${table}.owner_id` })}`.execute(db);
      for (const row of rows) out.set(row.id, row.name);
    }
    return out;
  }

  return { find, names };
}

function normalisedPhoneTerm(text: string, region: string): string | null {
  const phone = normalisePhone(text, region);
  return phone ? `phone:${phone.e164}` : null;
}

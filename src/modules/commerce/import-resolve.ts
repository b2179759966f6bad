/**
 * What a batch of import rows refers to, looked up once per batch: customers (ids through the directory's reads,
 * natural keys through its customer lookup — never its tables) and products (by SKU, or by exact name).
 */
import type { ActorContext } from '../../kernel/context.ts';
import type { CommerceDb, CommerceDeps } from './commerce.deps.ts';
import { COLUMN_OF, customerRefOf, type CustomerRef } from './import-checks.ts';
import type { RawRow } from './order-rows.ts';

export type Customer = { organisationId: string | null; personId: string | null; ownerId: string | null };
export type CatalogueProduct = { id: string; sku: string; name: string; taxRate: string; listPrice: string; currency: string };

/** A customer found, or the reason the row names none (not found, or several). */
export type CustomerAnswer = { customer: Customer } | { reason: string };

const refKey = (ref: CustomerRef) => `${ref.kind}:${ref.value}`;

export async function resolveCustomers(deps: CommerceDeps, ctx: ActorContext, rows: RawRow[]): Promise<Map<string, CustomerAnswer>> {
  const refs = new Map<string, CustomerRef>();
  for (const row of rows) {
    const ref = customerRefOf(row.values);
    if (ref) refs.set(refKey(ref), ref);
  }
  const answers = new Map<string, CustomerAnswer>();
  if (!refs.size) return answers;
  // One lookup for the whole batch: ids and natural keys alike (hidden customers are not found).
  const found = await deps.directory.customers.find(ctx, [...refs.values()]);
  for (const [key, ref] of refs) {
    const matches = found.get(key) ?? [];
    const match = matches[0];
    const column = COLUMN_OF[ref.kind];
    const byId = ref.kind === 'organisationId' || ref.kind === 'personId';
    answers.set(
      key,
      matches.length === 1 && match
        ? { customer: { organisationId: match.type === 'organisation' ? match.id : null, personId: match.type === 'person' ? match.id : null, ownerId: match.ownerId } }
        : matches.length === 0
          ? { reason: byId ? `${column}: no ${ref.kind === 'organisationId' ? 'organisation' : 'person'} ${ref.value}` : `${column}: no customer with ${column} "${ref.value}"` }
          : { reason: `${column}: "${ref.value}" belongs to ${matches.length} customers; give customer_code or an id` },
    );
  }
  return answers;
}

export const customerAnswerOf = (answers: Map<string, CustomerAnswer>, row: RawRow): CustomerAnswer => {
  const ref = customerRefOf(row.values);
  return (ref && answers.get(refKey(ref))) || { reason: 'no customer' };
};

/** Products named by the rows: by SKU, and by exact name for rows without a SKU. */
export async function resolveProducts(db: CommerceDb, ctx: ActorContext, rows: RawRow[]) {
  const skus = [...new Set(rows.map((r) => r.values.sku).filter((s): s is string => Boolean(s)))];
  const names = [...new Set(rows.filter((r) => !r.values.sku && r.values.description).map((r) => r.values.description as string))];
  const columns = ['id', 'sku', 'name', 'taxRate', 'listPrice', 'currency'] as const;
  const bySku = skus.length ? await db.selectFrom('products').select(columns).where('tenantId', '=', ctx.tenantId).where('sku', 'in', skus).where('deletedAt', 'is', null).execute() : [];
  const byName = names.length ? await db.selectFrom('products').select(columns).where('tenantId', '=', ctx.tenantId).where('name', 'in', names).where('deletedAt', 'is', null).execute() : [];
  const named = new Map<string, CatalogueProduct[]>();
  for (const product of byName) named.set(product.name, [...(named.get(product.name) ?? []), product]);
  return { bySku: new Map<string, CatalogueProduct>(bySku.map((p) => [p.sku, p])), byName: named };
}
export type ProductIndex = Awaited<ReturnType<typeof resolveProducts>>;

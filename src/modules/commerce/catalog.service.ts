/** The catalogue: categories, products (unique SKU), price lists with per-product prices. */
import { sql, type Selectable } from 'kysely';
import { objectAccess } from '../../kernel/access-scope.ts';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { Product, ProductCreate, ProductListQuery, ProductPatch, PriceListCreate } from './catalog.schema.ts';
import type { CommerceDb } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { ProductsTable } from './commerce.tables.ts';

const toProduct = (row: Selectable<ProductsTable>): Product => ({ id: row.id, sku: row.sku, name: row.name, categoryId: row.categoryId, unit: row.unit, listPrice: row.listPrice, currency: row.currency, taxRate: row.taxRate, active: row.active, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version });

/** The catalogue is shared (no owners): a role changes it only if it may write products at all. */
export function assertMayChangeCatalogue(ctx: ActorContext) {
  if (ctx.scope && objectAccess(ctx.scope, 'product').write.kind === 'none') throw commerceErrors.catalogueReadOnly();
}

export function createCatalogService(db: CommerceDb) {
  async function checkCategory(ctx: ActorContext, id: string | null | undefined, field: string) {
    if (id && !(await db.selectFrom('productCategories').select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst())) throw commerceErrors.badReference(field, 'category', id);
  }

  return {
    async createCategory(ctx: ActorContext, input: { name: string; parentId?: string | null | undefined }) {
      assertMayChangeCatalogue(ctx);
      await checkCategory(ctx, input.parentId, 'parentId');
      const row = await db.insertInto('productCategories').values({ tenantId: ctx.tenantId, id: newId(), name: input.name, parentId: input.parentId ?? null, createdBy: ctx.userId ?? null }).onConflict((oc) => oc.columns(['tenantId', 'name']).doNothing()).returning(['id', 'name', 'parentId']).executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('name', input.name);
      return row;
    },
    listCategories: (ctx: ActorContext) => db.selectFrom('productCategories').select(['id', 'name', 'parentId']).where('tenantId', '=', ctx.tenantId).orderBy('name').limit(1000).execute(),

    async createProduct(ctx: ActorContext, input: ProductCreate): Promise<Product> {
      assertMayChangeCatalogue(ctx);
      await checkCategory(ctx, input.categoryId, 'categoryId');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('products')
          .values({ tenantId: ctx.tenantId, id: newId(), sku: input.sku, name: input.name, categoryId: input.categoryId ?? null, listPrice: input.listPrice, currency: input.currency, ...(input.unit ? { unit: input.unit } : {}), ...(input.taxRate ? { taxRate: input.taxRate } : {}), ...(input.active !== undefined ? { active: input.active } : {}), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
          .onConflict((oc) => oc.columns(['tenantId', 'sku']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw commerceErrors.duplicate('sku', input.sku);
        await appendEvents(trx, ctx, [{ type: 'commerce.product.created', aggregateType: 'product', aggregateId: row.id, payload: { sku: row.sku } }]);
        return toProduct(row);
      });
    },
    async getProduct(ctx: ActorContext, id: string): Promise<Product> {
      const row = await db.selectFrom('products').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
      if (!row) throw commerceErrors.notFound('Product', id);
      return toProduct(row);
    },
    async updateProduct(ctx: ActorContext, id: string, patch: ProductPatch, expectedVersion?: number): Promise<Product> {
      assertMayChangeCatalogue(ctx);
      await checkCategory(ctx, patch.categoryId, 'categoryId');
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('products').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
        if (!current) throw commerceErrors.notFound('Product', id);
        if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Product', id, expectedVersion, current.version);
        const row = await trx.updateTable('products').set({ ...patch, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendEvents(trx, ctx, [{ type: 'commerce.product.updated', aggregateType: 'product', aggregateId: id, payload: { changed: Object.keys(patch), version: row.version } }]);
        return toProduct(row);
      });
    },
    async listProducts(ctx: ActorContext, query: ProductListQuery) {
      let select = db.selectFrom('products').selectAll().where('tenantId', '=', ctx.tenantId).where('deletedAt', 'is', null);
      if (query.q) select = select.where((eb) => eb.or([eb('sku', 'ilike', `%${query.q?.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), eb('name', 'ilike', `%${query.q?.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)]));
      if (query.categoryId) select = select.where('categoryId', '=', query.categoryId);
      if (query.active) select = select.where('active', '=', query.active === 'true');
      if (query.cursor) select = select.where(sql<boolean>`(sku, id) > (${String(decodeCursor(query.cursor).value)}, ${decodeCursor(query.cursor).id})`);
      const rows = await select.orderBy('sku').orderBy('id').limit(query.limit + 1).execute();
      const items = rows.slice(0, query.limit).map(toProduct);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.sku, id: last.id }) : null };
    },
    async productsBySku(ctx: ActorContext, skus: string[]) {
      if (skus.length === 0) return [];
      return db.selectFrom('products').select(['id', 'sku', 'name', 'taxRate']).where('tenantId', '=', ctx.tenantId).where('sku', 'in', skus).where('deletedAt', 'is', null).execute();
    },

    async createPriceList(ctx: ActorContext, input: PriceListCreate) {
      assertMayChangeCatalogue(ctx);
      const ids = [...new Set(input.items.map((i) => i.productId))];
      if (ids.length !== input.items.length) throw commerceErrors.invalid('items', 'each product once');
      const known = ids.length ? await db.selectFrom('products').select('id').where('tenantId', '=', ctx.tenantId).where('id', 'in', ids).execute() : [];
      const missing = ids.find((id) => !known.some((k) => k.id === id));
      if (missing) throw commerceErrors.badReference(`items.${ids.indexOf(missing)}.productId`, 'product', missing);
      return db.transaction().execute(async (trx) => {
        const id = newId();
        const row = await trx.insertInto('priceLists').values({ tenantId: ctx.tenantId, id, name: input.name, currency: input.currency, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null, createdBy: ctx.userId ?? null }).returningAll().executeTakeFirstOrThrow();
        if (input.items.length) await trx.insertInto('priceListItems').values(input.items.map((i) => ({ tenantId: ctx.tenantId, priceListId: id, productId: i.productId, unitPrice: i.unitPrice }))).execute();
        return { id, name: row.name, currency: row.currency, validFrom: row.validFrom, validTo: row.validTo, items: input.items };
      });
    },
    /** Every price list (name order), without their prices: what a quote's price list is chosen from. */
    async listPriceLists(ctx: ActorContext, query: { currency?: string | undefined }) {
      let select = db
        .selectFrom('priceLists')
        .select(['id', 'name', 'currency', 'validFrom', 'validTo'])
        .select((eb) => eb.selectFrom('priceListItems').select(sql<number>`count(*)::int`.as('n')).whereRef('priceListItems.tenantId', '=', 'priceLists.tenantId').whereRef('priceListItems.priceListId', '=', 'priceLists.id').as('itemCount'))
        .where('tenantId', '=', ctx.tenantId);
      if (query.currency) select = select.where('currency', '=', query.currency);
      const rows = await select.orderBy('name').orderBy('id').limit(500).execute();
      return rows.map((row) => ({ ...row, itemCount: row.itemCount ?? 0 }));
    },
    async getPriceList(ctx: ActorContext, id: string) {
      const row = await db.selectFrom('priceLists').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw commerceErrors.notFound('Price list', id);
      const items = await db.selectFrom('priceListItems').select(['productId', 'unitPrice']).where('tenantId', '=', ctx.tenantId).where('priceListId', '=', id).execute();
      return { id, name: row.name, currency: row.currency, validFrom: row.validFrom, validTo: row.validTo, items };
    },
  };
}

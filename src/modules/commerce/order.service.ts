/** Orders with lines; the lines, carrying customer/date/channel/region/store, are the purchase history. */
import { sql, type Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { OrdersTable } from './commerce.tables.ts';
import type { DocumentListQuery, Order, OrderCreate, OrderLineQuery } from './document.schema.ts';
import { lineOut, priceLines, type PricedLine } from './lines.ts';
import { totalsOf } from './money.ts';

export type OrderHeader = Omit<OrderCreate, 'lines' | 'quoteId'> & { quoteId?: string | null | undefined; number: string; source: string };

/** Writes one order and its lines in the caller's transaction; null when the number exists (idempotent import). */
export async function writeOrder(trx: CommerceDb, ctx: ActorContext, header: OrderHeader, lines: PricedLine[]): Promise<Selectable<OrdersTable> | null> {
  const id = newId();
  const context = { organisationId: header.organisationId ?? null, personId: header.personId ?? null, orderedOn: header.orderedOn, channel: header.channel ?? null, region: header.region ?? null, store: header.store ?? null, currency: header.currency };
  const row = await trx
    .insertInto('orders')
    .values({ tenantId: ctx.tenantId, id, number: header.number, contractId: header.contractId ?? null, quoteId: header.quoteId ?? null, source: header.source, ...context, ...totalsOf(lines), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
    .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  if (lines.length) await trx.insertInto('orderLines').values(lines.map((line) => ({ ...line, ...context, tenantId: ctx.tenantId, orderId: id }))).execute();
  await appendEvents(trx, ctx, [{ type: 'commerce.order.created', aggregateType: 'order', aggregateId: id, payload: { subjects: subjects(row), summary: `Order ${row.number}: ${row.total} ${row.currency}${row.channel ? ` via ${row.channel}` : ''}${row.store ? ` at ${row.store}` : ''}`, occurredAt: `${row.orderedOn}T00:00:00Z`, total: row.total, currency: row.currency, source: row.source } }]);
  return row;
}

export function createOrderService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);

  async function load(ctx: ActorContext, row: Selectable<OrdersTable>, from: CommerceDb = db): Promise<Order> {
    const lines = await from.selectFrom('orderLines').selectAll().where('tenantId', '=', ctx.tenantId).where('orderId', '=', row.id).orderBy('position').execute();
    return { id: row.id, number: row.number, organisationId: row.organisationId, personId: row.personId, contractId: row.contractId, quoteId: row.quoteId, orderedOn: row.orderedOn, channel: row.channel, region: row.region, store: row.store, currency: row.currency, status: row.status, source: row.source, subtotal: row.subtotal, discountTotal: row.discountTotal, taxTotal: row.taxTotal, total: row.total, lines: lines.map(lineOut), createdAt: iso(row.createdAt), version: row.version };
  }

  async function create(ctx: ActorContext, input: OrderCreate): Promise<Order> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'an order is for an organisation or a person');
    await checkParties(ctx, input);
    let lines: PricedLine[];
    if (input.lines?.length) lines = await priceLines(db, ctx, input.currency, null, input.lines);
    else if (input.quoteId) {
      const quoteLines = await db.selectFrom('quoteLines').selectAll().where('tenantId', '=', ctx.tenantId).where('quoteId', '=', input.quoteId).orderBy('position').execute();
      if (!quoteLines.length) throw commerceErrors.badReference('quoteId', 'quote', input.quoteId);
      lines = quoteLines.map(({ tenantId: _t, quoteId: _q, ...line }) => ({ ...line, id: newId(), sku: null }));
    } else throw commerceErrors.invalid('lines', 'give the lines, or a quoteId to copy them from');
    const number = input.number ?? documentNumber('SO', newId(), new Date());
    return db.transaction().execute(async (trx) => {
      const row = await writeOrder(trx, ctx, { ...input, number, source: 'api' }, lines);
      if (!row) throw commerceErrors.duplicate('number', number);
      return load(ctx, row, trx);
    });
  }

  async function get(ctx: ActorContext, id: string): Promise<Order> {
    const row = await db.selectFrom('orders').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Order', id);
    return load(ctx, row);
  }

  async function list(ctx: ActorContext, query: DocumentListQuery) {
    let select = db.selectFrom('orders').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')).where('deletedAt', 'is', null);
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('personId', '=', query.personId);
    if (query.from) select = select.where('orderedOn', '>=', query.from);
    if (query.to) select = select.where('orderedOn', '<=', query.to);
    if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = await Promise.all(rows.slice(0, query.limit).map((row) => load(ctx, row)));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  /** The purchase history: order lines, newest first. */
  async function history(ctx: ActorContext, query: OrderLineQuery) {
    // The history shows the lines of the orders the caller may see.
    let select = db.selectFrom('orderLines').selectAll().where('tenantId', '=', ctx.tenantId).where('orderId', 'in', db.selectFrom('orders').select('orders.id').where('orders.tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')));
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('personId', '=', query.personId);
    if (query.productId) select = select.where('productId', '=', query.productId);
    if (query.channel) select = select.where('channel', '=', query.channel);
    if (query.region) select = select.where('region', '=', query.region);
    if (query.from) select = select.where('orderedOn', '>=', query.from);
    if (query.to) select = select.where('orderedOn', '<=', query.to);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      select = select.where(sql<boolean>`(ordered_on, id) < (${String(cursor.value)}::date, ${cursor.id}::uuid)`);
    }
    const rows = await select.orderBy('orderedOn', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map((row) => ({ ...lineOut(row), orderId: row.orderId, sku: row.sku, organisationId: row.organisationId, personId: row.personId, orderedOn: row.orderedOn, channel: row.channel, region: row.region, store: row.store, currency: row.currency }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.orderedOn, id: last.id }) : null };
  }

  return { create, get, list, history };
}

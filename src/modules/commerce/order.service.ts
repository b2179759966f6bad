/** Orders with lines; the lines, carrying customer/date/channel/region/store, are the purchase history. */
import { sql, type Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { OrdersTable } from './commerce.tables.ts';
import type { DocumentListQuery, Order, OrderCreate, OrderLineQuery, OrderPatch } from './document.schema.ts';
import { checkOrderChange, checkOrderDelete, type Invoice } from './document-states.ts';
import { mayAct } from '../access/index.ts';
import { lineOut, priceLines, type PricedLine } from './lines.ts';
import { totalsOf } from './money.ts';

export type OrderHeader = Omit<OrderCreate, 'lines' | 'quoteId'> & { quoteId?: string | null | undefined; number: string; source: string; ownerId: string | null };

/** Writes one order and its lines in the caller's transaction; null when the number exists (idempotent import). */
export async function writeOrder(trx: CommerceDb, ctx: ActorContext, header: OrderHeader, lines: PricedLine[]): Promise<Selectable<OrdersTable> | null> {
  return (await writeOrders(trx, ctx, [{ header, lines }]))[0] ?? null;
}

const LINES_PER_INSERT = 1000; // ~24 parameters a line: far below PostgreSQL's 65,535 per statement

/**
 * Writes many orders in three statements (orders, lines, events) in the caller's transaction — an import's batch.
 * Orders whose number exists are skipped (ON CONFLICT): only the orders written are answered.
 */
export async function writeOrders(trx: CommerceDb, ctx: ActorContext, orders: Array<{ header: OrderHeader; lines: PricedLine[] }>): Promise<Array<Selectable<OrdersTable>>> {
  if (!orders.length) return [];
  const planned = orders.map(({ header, lines }) => {
    const context = { organisationId: header.organisationId ?? null, personId: header.personId ?? null, orderedOn: header.orderedOn, channel: header.channel ?? null, region: header.region ?? null, store: header.store ?? null, currency: header.currency };
    return { id: newId(), header, lines, context };
  });
  const rows = await trx
    .insertInto('orders')
    .values(planned.map(({ id, header, lines, context }) => ({ tenantId: ctx.tenantId, id, number: header.number, contractId: header.contractId ?? null, quoteId: header.quoteId ?? null, source: header.source, ownerId: header.ownerId, ...context, ...totalsOf(lines), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })))
    .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
    .returningAll()
    .execute();
  const written = new Set(rows.map((row) => row.id));
  const lineRows = planned.filter((o) => written.has(o.id)).flatMap(({ id, lines, context }) => lines.map((line) => ({ ...line, ...context, tenantId: ctx.tenantId, orderId: id })));
  for (let start = 0; start < lineRows.length; start += LINES_PER_INSERT) await trx.insertInto('orderLines').values(lineRows.slice(start, start + LINES_PER_INSERT)).execute();
  await appendEvents(
    trx,
    ctx,
    rows.map((row) => ({ type: 'commerce.order.created', aggregateType: 'order', aggregateId: row.id, payload: { subjects: subjects(row), summary: `Order ${row.number}: ${row.total} ${row.currency}${row.channel ? ` via ${row.channel}` : ''}${row.store ? ` at ${row.store}` : ''}`, occurredAt: `${row.orderedOn}T00:00:00Z`, total: row.total, currency: row.currency, source: row.source } })),
  );
  // In the order given (RETURNING's order is not promised).
  const byId = new Map(rows.map((row) => [row.id, row]));
  return planned.flatMap((o) => byId.get(o.id) ?? []);
}

export function createOrderService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);

  async function load(ctx: ActorContext, row: Selectable<OrdersTable>, from: CommerceDb = db): Promise<Order> {
    const lines = await from.selectFrom('orderLines').selectAll().where('tenantId', '=', ctx.tenantId).where('orderId', '=', row.id).orderBy('position').execute();
    return { id: row.id, number: row.number, organisationId: row.organisationId, personId: row.personId, contractId: row.contractId, quoteId: row.quoteId, orderedOn: row.orderedOn, channel: row.channel, region: row.region, store: row.store, currency: row.currency, status: row.status, source: row.source, subtotal: row.subtotal, discountTotal: row.discountTotal, taxTotal: row.taxTotal, total: row.total, lines: lines.map(lineOut), ownerId: row.ownerId, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), deletedAt: isoOrNull(row.deletedAt), version: row.version };
  }

  async function create(ctx: ActorContext, input: OrderCreate): Promise<Order> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'an order is for an organisation or a person');
    const { ownerId } = await checkParties(ctx, input, '', 'order');
    let lines: PricedLine[];
    if (input.lines?.length) lines = await priceLines(db, ctx, input.currency, null, input.lines);
    else if (input.quoteId) lines = await linesOfQuote(ctx, input.quoteId, input.currency);
    else throw commerceErrors.invalid('lines', 'give the lines, or a quoteId to copy them from');
    const number = input.number ?? documentNumber('SO', newId(), new Date());
    return db.transaction().execute(async (trx) => {
      const row = await writeOrder(trx, ctx, { ...input, number, source: 'api', ownerId }, lines);
      if (!row) throw commerceErrors.duplicate('number', number);
      return load(ctx, row, trx);
    });
  }

  /** The lines of a quote the caller can see, for an order in the same currency. */
  async function linesOfQuote(ctx: ActorContext, quoteId: string, currency: string): Promise<PricedLine[]> {
    const quote = await db.selectFrom('quotes').select(['currency', 'number']).where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', quoteId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!quote) throw commerceErrors.badReference('quoteId', 'quote', quoteId);
    if (quote.currency !== currency) throw commerceErrors.invalid('currency', `quote ${quote.number} is in ${quote.currency}, the order in ${currency}; an order copies a quote in its own currency`);
    const quoteLines = await db.selectFrom('quoteLines').selectAll().where('tenantId', '=', ctx.tenantId).where('quoteId', '=', quoteId).orderBy('position').execute();
    return quoteLines.map(({ tenantId: _t, quoteId: _q, ...line }) => ({ ...line, id: newId(), sku: null }));
  }

  /** The order's live invoice, if any: its lines are then fixed (the invoice bills exactly them). */
  const invoiceOf = (trx: CommerceDb, ctx: ActorContext, orderId: string): Promise<Invoice | undefined> =>
    trx.selectFrom('receivables').select(['number', 'status']).where('tenantId', '=', ctx.tenantId).where('orderId', '=', orderId).where('status', '<>', 'cancelled').orderBy('id').executeTakeFirst();

  /** Locks an order for a change: hidden → 404, visible but not yours → 403, stale → 412. */
  async function locked(trx: CommerceDb, ctx: ActorContext, id: string, expectedVersion: number | undefined, action: 'write' | 'delete', deleted = false) {
    const current = await trx.selectFrom('orders').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current || Boolean(current.deletedAt) !== deleted) throw commerceErrors.notFound('Order', id);
    if (!(await mayAct(trx, ctx, 'order', { id, ownerId: current.ownerId }, action))) throw commerceErrors.forbidden('order', id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Order', id, expectedVersion, current.version);
    return current;
  }

  /** Header fields any time (until cancelled); lines replaced whole, only while no invoice bills the order. */
  async function update(ctx: ActorContext, id: string, patch: OrderPatch, expectedVersion?: number): Promise<Order> {
    const before = await get(ctx, id);
    const lines = patch.lines ? await priceLines(db, ctx, before.currency, null, patch.lines) : undefined;
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'write');
      checkOrderChange(current, patch, await invoiceOf(trx, ctx, id));
      const { lines: _lines, ...fields } = patch;
      const row = await trx.updateTable('orders').set({ ...fields, ...(lines ? totalsOf(lines) : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      // The lines carry the order's date, channel, region and store (the purchase history reads one table).
      const context = { organisationId: row.organisationId, personId: row.personId, orderedOn: row.orderedOn, channel: row.channel, region: row.region, store: row.store, currency: row.currency };
      if (lines) {
        await trx.deleteFrom('orderLines').where('tenantId', '=', ctx.tenantId).where('orderId', '=', id).execute();
        if (lines.length) await trx.insertInto('orderLines').values(lines.map((line) => ({ ...line, ...context, tenantId: ctx.tenantId, orderId: id }))).execute();
      } else await trx.updateTable('orderLines').set(context).where('tenantId', '=', ctx.tenantId).where('orderId', '=', id).execute();
      const changed = Object.keys(patch);
      const statusChanged = patch.status !== undefined && patch.status !== current.status;
      const summary = statusChanged ? `Order ${row.number} ${row.status}` : `Order ${row.number} changed (${changed.join(', ')})${lines ? `: ${row.total} ${row.currency}` : ''}`;
      // Before/after of each header field and of the totals, for the audit trail.
      const compared = [...Object.keys(fields), ...(lines ? ['subtotal', 'discountTotal', 'taxTotal', 'total'] : [])] as Array<keyof typeof row>;
      const changes = Object.fromEntries(compared.filter((key) => current[key] !== row[key]).map((key) => [key, { before: current[key] ?? null, after: row[key] ?? null }]));
      await appendEvents(trx, ctx, [{ type: statusChanged ? `commerce.order.${row.status}` : 'commerce.order.updated', aggregateType: 'order', aggregateId: id, payload: { subjects: subjects(row), summary, changed, changes, total: row.total, currency: row.currency, version: row.version } }]);
      return load(ctx, row, trx);
    });
  }

  /** Soft delete (restorable; its lines leave the purchase history meanwhile). An invoiced order stays. */
  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Order> {
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'delete', !deleted);
      if (deleted) checkOrderDelete(current, await invoiceOf(trx, ctx, id));
      const row = await trx.updateTable('orders').set({ deletedAt: deleted ? new Date() : null, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: `commerce.order.${deleted ? 'deleted' : 'restored'}`, aggregateType: 'order', aggregateId: id, payload: { subjects: subjects(row), summary: `Order ${row.number} ${deleted ? 'deleted' : 'restored'}`, total: row.total, currency: row.currency, version: row.version } }]);
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
    let select = db.selectFrom('orderLines').selectAll().where('tenantId', '=', ctx.tenantId).where('orderId', 'in', db.selectFrom('orders').select('orders.id').where('orders.tenantId', '=', ctx.tenantId).where('orders.deletedAt', 'is', null).where(visibleDocs(ctx, 'orders', 'order')));
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

  return {
    create,
    get,
    update,
    list,
    history,
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

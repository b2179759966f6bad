/** Quotes: priced lines with discounts and tax (rounding rule in money.ts), status, re-pricing, list. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { QuotesTable } from './commerce.tables.ts';
import type { DocumentListQuery, Quote, QuoteCreate, QuotePatch } from './document.schema.ts';
import { lineOut, priceLines, type PricedLine } from './lines.ts';
import { totalsOf } from './money.ts';
import { checkQuoteChange } from './document-states.ts';
import { opportunityLinkage } from './opportunity-link.ts';

export function createQuoteService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);
  const opportunities = opportunityLinkage(deps);

  async function load(ctx: ActorContext, row: Selectable<QuotesTable>, from: CommerceDb = db): Promise<Quote> {
    const lines = await from.selectFrom('quoteLines').selectAll().where('tenantId', '=', ctx.tenantId).where('quoteId', '=', row.id).orderBy('position').execute();
    return { id: row.id, number: row.number, organisationId: row.organisationId, personId: row.personId, opportunityId: row.opportunityId, priceListId: row.priceListId, currency: row.currency, status: row.status, validUntil: row.validUntil, notes: row.notes, subtotal: row.subtotal, discountTotal: row.discountTotal, taxTotal: row.taxTotal, total: row.total, lines: lines.map(lineOut), ownerId: row.ownerId, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), deletedAt: isoOrNull(row.deletedAt), version: row.version };
  }

  const insertLines = (trx: CommerceDb, ctx: ActorContext, quoteId: string, lines: PricedLine[]) =>
    trx.insertInto('quoteLines').values(lines.map(({ sku: _sku, ...line }) => ({ ...line, tenantId: ctx.tenantId, quoteId }))).execute();

  async function create(ctx: ActorContext, input: QuoteCreate): Promise<Quote> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'a quote is for an organisation or a person');
    const { ownerId } = await checkParties(ctx, input, '', 'quote');
    const lines = await priceLines(db, ctx, input.currency, input.priceListId, input.lines);
    const id = newId();
    return db.transaction().execute(async (trx) => {
      if (input.opportunityId) await opportunities.check(trx, ctx, input.opportunityId, input);
      const number = input.number ?? documentNumber('Q', id, new Date());
      const row = await trx
        .insertInto('quotes')
        .values({ tenantId: ctx.tenantId, id, number, organisationId: input.organisationId ?? null, personId: input.personId ?? null, opportunityId: input.opportunityId ?? null, priceListId: input.priceListId ?? null, currency: input.currency, validUntil: input.validUntil ?? null, notes: input.notes ?? null, ...totalsOf(lines), ownerId, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('number', number);
      await insertLines(trx, ctx, id, lines);
      if (input.opportunityId) await opportunities.record(trx, ctx, input.opportunityId, { quoteId: id });
      await appendEvents(trx, ctx, [{ type: 'commerce.quote.created', aggregateType: 'quote', aggregateId: id, payload: { subjects: subjects(row), summary: `Quote ${number}: ${row.total} ${row.currency} (${lines.length} lines)`, opportunityId: row.opportunityId, total: row.total, currency: row.currency } }]);
      return load(ctx, row, trx);
    });
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('quotes').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Quote', id);
    return row;
  }

  /** Locks a quote for a change: hidden → 404, visible but not yours → 403, stale → 412. */
  async function locked(trx: CommerceDb, ctx: ActorContext, id: string, expectedVersion: number | undefined, action: 'write' | 'delete', deleted = false) {
    const current = await trx.selectFrom('quotes').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current || Boolean(current.deletedAt) !== deleted) throw commerceErrors.notFound('Quote', id);
    if (!(await mayAct(trx, ctx, 'quote', { id, ownerId: current.ownerId }, action))) throw commerceErrors.forbidden('quote', id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Quote', id, expectedVersion, current.version);
    return current;
  }

  async function update(ctx: ActorContext, id: string, patch: QuotePatch, expectedVersion?: number): Promise<Quote> {
    const before = await getRow(ctx, id);
    const lines = patch.lines ? await priceLines(db, ctx, before.currency, before.priceListId, patch.lines) : undefined;
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'write');
      checkQuoteChange(current, patch);
      if (lines) {
        await trx.deleteFrom('quoteLines').where('tenantId', '=', ctx.tenantId).where('quoteId', '=', id).execute();
        await insertLines(trx, ctx, id, lines);
      }
      const { lines: _lines, ...fields } = patch;
      const row = await trx.updateTable('quotes').set({ ...fields, ...(lines ? totalsOf(lines) : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const summary = patch.status && patch.status !== current.status ? `Quote ${row.number} ${patch.status}` : `Quote ${row.number} changed: ${row.total} ${row.currency}`;
      await appendEvents(trx, ctx, [{ type: patch.status && patch.status !== current.status ? `commerce.quote.${patch.status}` : 'commerce.quote.updated', aggregateType: 'quote', aggregateId: id, payload: { subjects: subjects(row), summary, changed: Object.keys(patch), version: row.version } }]);
      return load(ctx, row, trx);
    });
  }

  /** Soft delete (restorable). A quote an order or a live contract was made from stays: it is their agreed price. */
  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Quote> {
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'delete', !deleted);
      if (deleted) {
        const order = await trx.selectFrom('orders').select('number').where('tenantId', '=', ctx.tenantId).where('quoteId', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
        const contract = await trx.selectFrom('contracts').select('number').where('tenantId', '=', ctx.tenantId).where('quoteId', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
        const user = order ? `order ${order.number}` : contract ? `contract ${contract.number}` : null;
        if (user) throw commerceErrors.state('QUOTE_IN_USE', `Quote ${current.number} cannot be deleted: ${user} was made from it and keeps its prices; delete that first`, { usedBy: order?.number ?? contract?.number });
      }
      const row = await trx.updateTable('quotes').set({ deletedAt: deleted ? new Date() : null, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: `commerce.quote.${deleted ? 'deleted' : 'restored'}`, aggregateType: 'quote', aggregateId: id, payload: { subjects: subjects(row), summary: `Quote ${row.number} ${deleted ? 'deleted' : 'restored'}`, version: row.version } }]);
      return load(ctx, row, trx);
    });
  }

  async function list(ctx: ActorContext, query: DocumentListQuery) {
    let select = db.selectFrom('quotes').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('deletedAt', 'is', null);
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('personId', '=', query.personId);
    if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = await Promise.all(rows.slice(0, query.limit).map((row) => load(ctx, row)));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  return {
    create,
    update,
    list,
    get: async (ctx: ActorContext, id: string) => load(ctx, await getRow(ctx, id)),
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

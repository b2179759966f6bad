/** Quotes: priced lines with discounts and tax (rounding rule in money.ts), status, re-pricing, list. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { QuotesTable } from './commerce.tables.ts';
import type { DocumentListQuery, Quote, QuoteCreate, QuotePatch } from './document.schema.ts';
import { lineOut, priceLines, type PricedLine } from './lines.ts';
import { totalsOf } from './money.ts';

export function createQuoteService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);

  async function load(ctx: ActorContext, row: Selectable<QuotesTable>, from: CommerceDb = db): Promise<Quote> {
    const lines = await from.selectFrom('quoteLines').selectAll().where('tenantId', '=', ctx.tenantId).where('quoteId', '=', row.id).orderBy('position').execute();
    return { id: row.id, number: row.number, organisationId: row.organisationId, personId: row.personId, opportunityId: row.opportunityId, priceListId: row.priceListId, currency: row.currency, status: row.status, validUntil: row.validUntil, notes: row.notes, subtotal: row.subtotal, discountTotal: row.discountTotal, taxTotal: row.taxTotal, total: row.total, lines: lines.map(lineOut), createdAt: iso(row.createdAt), version: row.version };
  }

  const insertLines = (trx: CommerceDb, ctx: ActorContext, quoteId: string, lines: PricedLine[]) =>
    trx.insertInto('quoteLines').values(lines.map(({ sku: _sku, ...line }) => ({ ...line, tenantId: ctx.tenantId, quoteId }))).execute();

  async function create(ctx: ActorContext, input: QuoteCreate): Promise<Quote> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'a quote is for an organisation or a person');
    await checkParties(ctx, input);
    const lines = await priceLines(db, ctx, input.currency, input.priceListId, input.lines);
    const id = newId();
    return db.transaction().execute(async (trx) => {
      const number = input.number ?? documentNumber('Q', id, new Date());
      const row = await trx
        .insertInto('quotes')
        .values({ tenantId: ctx.tenantId, id, number, organisationId: input.organisationId ?? null, personId: input.personId ?? null, opportunityId: input.opportunityId ?? null, priceListId: input.priceListId ?? null, currency: input.currency, validUntil: input.validUntil ?? null, notes: input.notes ?? null, ...totalsOf(lines), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('number', number);
      await insertLines(trx, ctx, id, lines);
      await appendEvents(trx, ctx, [{ type: 'commerce.quote.created', aggregateType: 'quote', aggregateId: id, payload: { subjects: subjects(row), summary: `Quote ${number}: ${row.total} ${row.currency} (${lines.length} lines)`, opportunityId: row.opportunityId, total: row.total, currency: row.currency } }]);
      return load(ctx, row, trx);
    });
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('quotes').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Quote', id);
    return row;
  }

  async function update(ctx: ActorContext, id: string, patch: QuotePatch, expectedVersion?: number): Promise<Quote> {
    const before = await getRow(ctx, id);
    const lines = patch.lines ? await priceLines(db, ctx, before.currency, before.priceListId, patch.lines) : undefined;
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('quotes').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
      if (!current) throw commerceErrors.notFound('Quote', id);
      if (!(await mayAct(trx, ctx, 'quote', { id, ownerId: current.createdBy }, 'write'))) throw commerceErrors.forbidden('quote', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Quote', id, expectedVersion, current.version);
      if (lines && current.status === 'accepted') throw commerceErrors.conflict(`Quote ${current.number} was accepted; its lines can no longer change`);
      if (lines) {
        await trx.deleteFrom('quoteLines').where('tenantId', '=', ctx.tenantId).where('quoteId', '=', id).execute();
        await insertLines(trx, ctx, id, lines);
      }
      const { lines: _lines, ...fields } = patch;
      const row = await trx.updateTable('quotes').set({ ...fields, ...(lines ? totalsOf(lines) : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const summary = patch.status && patch.status !== current.status ? `Quote ${row.number} ${patch.status}` : `Quote ${row.number} changed: ${row.total} ${row.currency}`;
      await appendEvents(trx, ctx, [{ type: patch.status && patch.status !== current.status ? `commerce.quote.${patch.status}` : 'commerce.quote.updated', aggregateType: 'quote', aggregateId: id, payload: { subjects: subjects(row), summary, version: row.version } }]);
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

  return { create, update, list, get: async (ctx: ActorContext, id: string) => load(ctx, await getRow(ctx, id)) };
}

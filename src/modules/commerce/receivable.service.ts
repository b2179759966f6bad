/** Receivables (invoices) with instalments and payments, overdue ageing; payables to suppliers and partners. */
import { sql, type Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import { assertMayWriteFor, documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { ReceivablesTable } from './commerce.tables.ts';
import type { PaymentCreate, Receivable, ReceivableCreate, ReceivableListQuery } from './finance.schema.ts';
import { add, compare, format, parseDecimal, sub, ZERO } from './money.ts';

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function createReceivableService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);

  async function load(ctx: ActorContext, row: Selectable<ReceivablesTable>, from: CommerceDb = db): Promise<Receivable> {
    const instalments = await from.selectFrom('instalments').select(['position', 'dueOn', 'amount', 'paidAmount']).where('tenantId', '=', ctx.tenantId).where('receivableId', '=', row.id).orderBy('position').execute();
    const payments = await from.selectFrom('payments').select(['id', 'paidOn', 'amount', 'method', 'reference']).where('tenantId', '=', ctx.tenantId).where('receivableId', '=', row.id).orderBy('paidOn').orderBy('id').execute();
    return { id: row.id, number: row.number, orderId: row.orderId, contractId: row.contractId, organisationId: row.organisationId, personId: row.personId, currency: row.currency, amount: row.amount, paidAmount: row.paidAmount, outstanding: format(sub(parseDecimal(row.amount), parseDecimal(row.paidAmount))), issuedOn: row.issuedOn, status: row.status, instalments, payments, ownerId: row.ownerId, version: row.version };
  }

  async function create(ctx: ActorContext, input: ReceivableCreate): Promise<Receivable> {
    const order = input.orderId ? await db.selectFrom('orders').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')).where('id', '=', input.orderId).where('deletedAt', 'is', null).executeTakeFirst() : undefined;
    if (input.orderId && !order) throw commerceErrors.badReference('orderId', 'order', input.orderId);
    if (order?.status === 'cancelled') throw commerceErrors.state('ORDER_CANCELLED', `Order ${order.number} was cancelled; there is nothing to bill`, { status: order.status });
    const organisationId = input.organisationId ?? order?.organisationId ?? null;
    const personId = input.personId ?? order?.personId ?? null;
    if (!organisationId && !personId) throw commerceErrors.invalid('organisationId', 'a receivable is owed by an organisation or a person');
    if (order && input.currency && input.currency !== order.currency) throw commerceErrors.invalid('currency', `the order is in ${order.currency}; an invoice for it must be too`);
    const parties = await checkParties(ctx, { organisationId: input.organisationId, personId: input.personId });
    // An invoice for an order belongs to the order's owner; otherwise to the customer's.
    const ownerId = order && !input.organisationId && !input.personId ? order.ownerId : parties.ownerId;
    assertMayWriteFor(ctx, 'receivable', ownerId);
    const amount = input.amount ?? order?.total;
    if (!amount) throw commerceErrors.invalid('amount', 'give the amount, or an orderId to bill');
    const currency = input.currency ?? order?.currency ?? 'CNY';
    const instalments = input.instalments ?? [{ dueOn: plusDays(input.issuedOn, 30), amount }];
    const sum = instalments.reduce((acc, i) => add(acc, parseDecimal(i.amount)), ZERO);
    if (compare(sum, parseDecimal(amount)) !== 0) throw commerceErrors.invalid('instalments', `the instalments add up to ${format(sum)}, the amount is ${format(parseDecimal(amount))}`);
    const id = newId();
    const number = input.number ?? documentNumber('INV', id, new Date());
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('receivables')
        .values({ tenantId: ctx.tenantId, id, number, orderId: input.orderId ?? null, contractId: input.contractId ?? null, organisationId, personId, currency, amount, issuedOn: input.issuedOn, ownerId, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('number', number);
      await trx.insertInto('instalments').values(instalments.map((i, index) => ({ tenantId: ctx.tenantId, id: newId(), receivableId: id, position: index + 1, dueOn: i.dueOn, amount: i.amount }))).execute();
      await appendEvents(trx, ctx, [{ type: 'commerce.receivable.created', aggregateType: 'receivable', aggregateId: id, payload: { subjects: subjects(row), summary: `Invoice ${number}: ${row.amount} ${currency} in ${instalments.length} instalment${instalments.length > 1 ? 's' : ''}`, occurredAt: `${input.issuedOn}T00:00:00Z`, orderId: row.orderId } }]);
      return load(ctx, row, trx);
    });
  }

  /** A payment settles instalments oldest due first; more than what is outstanding is refused (422). */
  async function pay(ctx: ActorContext, id: string, input: PaymentCreate, expectedVersion?: number): Promise<Receivable> {
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('receivables').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'receivables', 'receivable')).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw commerceErrors.notFound('Receivable', id);
      if (!(await mayAct(trx, ctx, 'receivable', { id, ownerId: current.ownerId }, 'write'))) throw commerceErrors.forbidden('receivable', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Receivable', id, expectedVersion, current.version);
      if (current.status === 'cancelled') throw commerceErrors.conflict(`Receivable ${current.number} is cancelled`);
      const outstanding = sub(parseDecimal(current.amount), parseDecimal(current.paidAmount));
      let left = parseDecimal(input.amount);
      if (compare(left, ZERO) <= 0) throw commerceErrors.invalid('amount', 'must be more than 0');
      if (compare(left, outstanding) > 0) throw commerceErrors.overpaid(format(outstanding));
      const instalments = await trx.selectFrom('instalments').selectAll().where('tenantId', '=', ctx.tenantId).where('receivableId', '=', id).orderBy('dueOn').orderBy('position').execute();
      for (const instalment of instalments) {
        if (compare(left, ZERO) <= 0) break;
        const open = sub(parseDecimal(instalment.amount), parseDecimal(instalment.paidAmount));
        if (compare(open, ZERO) <= 0) continue;
        const take = compare(left, open) < 0 ? left : open;
        await trx.updateTable('instalments').set({ paidAmount: format(add(parseDecimal(instalment.paidAmount), take)) }).where('tenantId', '=', ctx.tenantId).where('id', '=', instalment.id).execute();
        left = sub(left, take);
      }
      await trx.insertInto('payments').values({ tenantId: ctx.tenantId, id: newId(), receivableId: id, paidOn: input.paidOn, amount: input.amount, method: input.method ?? null, reference: input.reference ?? null, createdBy: ctx.userId ?? null }).execute();
      const paid = add(parseDecimal(current.paidAmount), parseDecimal(input.amount));
      const status = compare(paid, parseDecimal(current.amount)) >= 0 ? 'paid' : 'open';
      const row = await trx.updateTable('receivables').set({ paidAmount: format(paid), status, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'commerce.payment.received', aggregateType: 'receivable', aggregateId: id, payload: { subjects: subjects(row), summary: `Payment of ${format(parseDecimal(input.amount))} ${row.currency} received on invoice ${row.number}${status === 'paid' ? ' (paid in full)' : ''}`, occurredAt: `${input.paidOn}T00:00:00Z`, amount: input.amount } }]);
      return load(ctx, row, trx);
    });
  }

  async function get(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('receivables').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'receivables', 'receivable')).where('id', '=', id).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Receivable', id);
    return load(ctx, row);
  }

  async function list(ctx: ActorContext, query: ReceivableListQuery) {
    let select = db.selectFrom('receivables').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'receivables', 'receivable'));
    if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('personId', '=', query.personId);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = await Promise.all(rows.slice(0, query.limit).map((row) => load(ctx, row)));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  /** Outstanding instalment amounts by days overdue at `asOf`: not due, 1–30, 31–60, 61–90, over 90. */
  async function ageing(ctx: ActorContext, query: { asOf?: string | undefined; organisationId?: string | undefined; personId?: string | undefined }) {
    const asOf = query.asOf ?? new Date().toISOString().slice(0, 10);
    const overdue = sql<number>`(${asOf}::date - i.due_on)`;
    const bucket = (condition: ReturnType<typeof sql>) => sql<string>`coalesce(sum(i.amount - i.paid_amount) FILTER (WHERE ${condition}), 0)::numeric(18, 2)::text`;
    let select = db
      .selectFrom('instalments as i')
      .innerJoin('receivables as r', (join) => join.onRef('r.tenantId', '=', 'i.tenantId').onRef('r.id', '=', 'i.receivableId'))
      .where('i.tenantId', '=', ctx.tenantId)
      .where('r.status', '=', 'open')
      .where(visibleRows(ctx, 'receivable', { id: 'r.id', owner: 'r.owner_id' }))
      .where(sql<boolean>`i.paid_amount < i.amount`);
    if (query.organisationId) select = select.where('r.organisationId', '=', query.organisationId);
    if (query.personId) select = select.where('r.personId', '=', query.personId);
    const rows = await select
      .select('r.currency')
      .select(bucket(sql`${overdue} <= 0`).as('notDue'))
      .select(bucket(sql`${overdue} BETWEEN 1 AND 30`).as('days1to30'))
      .select(bucket(sql`${overdue} BETWEEN 31 AND 60`).as('days31to60'))
      .select(bucket(sql`${overdue} BETWEEN 61 AND 90`).as('days61to90'))
      .select(bucket(sql`${overdue} > 90`).as('over90'))
      .select(sql<string>`sum(i.amount - i.paid_amount)::text`.as('total'))
      .groupBy('r.currency')
      .orderBy('r.currency')
      .execute();
    return { asOf, rows };
  }

  return { create, pay, get, list, ageing };
}

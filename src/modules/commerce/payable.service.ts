/** Payables: what we owe suppliers, and commissions owed to partners (dealers, agents) on orders. */
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { partyChecks, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { PayablesTable } from './commerce.tables.ts';
import type { PayableCreate } from './finance.schema.ts';
import { div100, format, mul, parseDecimal, round } from './money.ts';

const toPayable = (row: Selectable<PayablesTable>) => ({ id: row.id, kind: row.kind, partnerOrganisationId: row.partnerOrganisationId, orderId: row.orderId, description: row.description, currency: row.currency, amount: row.amount, dueOn: row.dueOn, paidOn: row.paidOn, status: row.status, ownerId: row.ownerId, version: row.version });

export function createPayableService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);
  return {
    async create(ctx: ActorContext, input: PayableCreate) {
      // A payable belongs to the partner's owner (the salesperson who manages the dealer or supplier).
      const { ownerId } = await checkParties(ctx, { organisationId: input.partnerOrganisationId }, 'partner', 'payable');
      const order = input.orderId ? await db.selectFrom('orders').select(['total', 'currency', 'number']).where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'orders', 'order')).where('id', '=', input.orderId).where('deletedAt', 'is', null).executeTakeFirst() : undefined;
      if (input.orderId && !order) throw commerceErrors.badReference('orderId', 'order', input.orderId);
      let amount = input.amount;
      if (!amount && input.commissionPercent && order) amount = format(round(div100(mul(parseDecimal(order.total), parseDecimal(input.commissionPercent)))));
      if (!amount) throw commerceErrors.invalid('amount', 'give the amount, or commissionPercent with an orderId');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('payables')
          .values({ tenantId: ctx.tenantId, id: newId(), kind: input.kind, partnerOrganisationId: input.partnerOrganisationId, orderId: input.orderId ?? null, description: input.description, currency: input.currency ?? order?.currency ?? 'CNY', amount, dueOn: input.dueOn ?? null, ownerId, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendEvents(trx, ctx, [{ type: 'commerce.payable.created', aggregateType: 'payable', aggregateId: row.id, payload: { subjects: [{ type: 'organisation', id: row.partnerOrganisationId }], summary: `${row.kind === 'commission' ? 'Commission' : 'Payable'} ${row.amount} ${row.currency}: ${row.description}` } }]);
        return toPayable(row);
      });
    },
    async update(ctx: ActorContext, id: string, patch: { status: 'open' | 'paid' | 'cancelled'; paidOn?: string | null | undefined }, expectedVersion?: number) {
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('payables').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'payables', 'payable')).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!current) throw commerceErrors.notFound('Payable', id);
        if (!(await mayAct(trx, ctx, 'payable', { id, ownerId: current.ownerId }, 'write'))) throw commerceErrors.forbidden('payable', id);
        if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Payable', id, expectedVersion, current.version);
        const paidOn = patch.status === 'paid' ? (patch.paidOn ?? new Date().toISOString().slice(0, 10)) : null;
        const row = await trx.updateTable('payables').set({ status: patch.status, paidOn, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendEvents(trx, ctx, [{ type: 'commerce.payable.updated', aggregateType: 'payable', aggregateId: id, payload: { subjects: [{ type: 'organisation', id: row.partnerOrganisationId }], summary: `Payable ${row.amount} ${row.currency} ${row.status}` } }]);
        return toPayable(row);
      });
    },
    async list(ctx: ActorContext, query: { partnerOrganisationId?: string | undefined; kind?: string | undefined; status?: string | undefined; limit: number; cursor?: string | undefined }) {
      let select = db.selectFrom('payables').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'payables', 'payable'));
      if (query.partnerOrganisationId) select = select.where('partnerOrganisationId', '=', query.partnerOrganisationId);
      if (query.kind) select = select.where('kind', '=', query.kind);
      if (query.status) select = select.where('status', '=', query.status);
      if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
      const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const items = rows.slice(0, query.limit).map(toPayable);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
    },
  };
}

/**
 * Recording a quote or contract on the opportunity it was made for, inside the caller's transaction: commerce
 * calls this through the composition root when it creates such a document, so the document and the opportunity's
 * link are written (or rolled back) together. Sales does not know commerce's tables; it only answers what it
 * knows about the opportunity and fills its link.
 */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { visible } from './opportunity.service.ts';
import { subjects } from './sales.deps.ts';
import type { SalesTables } from './sales.tables.ts';

/** What a document made for an opportunity is checked against. */
export type OpportunityForLink = {
  id: string;
  name: string;
  organisationId: string | null;
  personId: string | null;
  quoteId: string | null;
  contractId: string | null;
  /** Whether the caller may change the opportunity (recording the link is a change of it). */
  mayWrite: boolean;
};

export type DocumentLink = { quoteId: string } | { contractId: string };

// Any transaction over the shared database: the tables are sales' own, named here.
type AnyTransaction = Kysely<Record<never, never>>;

export function createOpportunityLinks(clock: () => Date = () => new Date()) {
  /**
   * Locks the opportunity (FOR UPDATE) in the caller's transaction, so it cannot be deleted or relinked before the
   * caller commits. Null when it is missing, deleted or hidden from the caller (the same answer for all three).
   */
  async function lock(trx: AnyTransaction, ctx: ActorContext, id: string): Promise<OpportunityForLink | null> {
    const db = trx.withTables<SalesTables>();
    const row = await db.selectFrom('opportunities').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
    if (!row) return null;
    const mayWrite = await mayAct(db, ctx, 'opportunity', row, 'write');
    return { id: row.id, name: row.name, organisationId: row.organisationId, personId: row.personId, quoteId: row.quoteId, contractId: row.contractId, mayWrite };
  }

  /**
   * Fills the opportunity's quoteId or contractId when it is empty; one already chosen is the user's to change
   * (the stage gates ask for it, and a second quote is often only a variant). Answers whether the link was set.
   * Call after `lock` in the same transaction.
   */
  async function link(trx: AnyTransaction, ctx: ActorContext, id: string, document: DocumentLink): Promise<boolean> {
    const db = trx.withTables<SalesTables>();
    const column = 'quoteId' in document ? 'quoteId' : 'contractId';
    const value = 'quoteId' in document ? document.quoteId : document.contractId;
    const row = await db
      .updateTable('opportunities')
      .set((eb) => ({ [column]: value, updatedAt: clock(), updatedBy: ctx.userId ?? null, version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where(column, 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    const what = column === 'quoteId' ? 'quote' : 'contract';
    await appendEvents(db, ctx, [{ type: 'sales.opportunity.updated', aggregateType: 'opportunity', aggregateId: id, payload: { subjects: subjects(row), summary: `${row.name}: ${what} recorded`, changed: [column], version: row.version } }]);
    return true;
  }

  return { lock, link };
}

export type OpportunityLinks = ReturnType<typeof createOpportunityLinks>;

/**
 * A quote or contract made for an opportunity: checked against the opportunity and recorded on it inside the
 * document's own transaction, so there is never a document without its opportunity or an opportunity pointing at
 * a document that was not saved. The opportunity belongs to the sales module (injected as deps.opportunities).
 */
import type { ActorContext } from '../../kernel/context.ts';
import type { CommerceDb, CommerceDeps, SharedTransaction } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';

type Customer = { organisationId?: string | null | undefined; personId?: string | null | undefined };
type OpportunityCustomer = { organisationId: string | null; personId: string | null };

/**
 * The same customer: an opportunity with an organisation is that organisation's (any contact person may be on the
 * document); one with only a person is that person's, without an organisation; one with neither has no customer
 * to differ from.
 */
export function sameCustomer(opportunity: OpportunityCustomer, document: Customer): boolean {
  if (opportunity.organisationId) return document.organisationId === opportunity.organisationId;
  if (opportunity.personId) return document.personId === opportunity.personId && !document.organisationId;
  return true;
}

// Commerce's transaction is the shared one; sales names its own tables in it.
const shared = (trx: CommerceDb) => trx as unknown as SharedTransaction;

export function opportunityLinkage(deps: CommerceDeps) {
  return {
    /**
     * Before the document's insert, in its transaction: the opportunity exists and is visible (else 400, as a
     * missing one), the caller may change it (403: recording the link changes it), and it is the document's
     * customer's (400). The opportunity stays locked until the transaction ends.
     */
    async check(trx: CommerceDb, ctx: ActorContext, opportunityId: string, customer: Customer): Promise<void> {
      const opportunity = await deps.opportunities.lock(shared(trx), ctx, opportunityId);
      if (!opportunity) throw commerceErrors.badReference('opportunityId', 'opportunity', opportunityId);
      if (!opportunity.mayWrite) throw commerceErrors.opportunityReadOnly(opportunityId, opportunity.name);
      if (!sameCustomer(opportunity, customer)) throw commerceErrors.opportunityOtherCustomer(opportunityId, opportunity.name, opportunity);
    },
    /** After the insert, in the same transaction: fills the opportunity's empty quoteId / contractId. */
    record: (trx: CommerceDb, ctx: ActorContext, opportunityId: string, document: { quoteId: string } | { contractId: string }) =>
      deps.opportunities.link(shared(trx), ctx, opportunityId, document),
  };
}

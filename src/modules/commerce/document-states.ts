/**
 * The state rules of quotes, contracts and orders, pure: which status may follow which, and what a document in a
 * given state may still change. Every refusal is a 409 that says why and what to do instead.
 */
import { commerceErrors } from './commerce.errors.ts';

const QUOTE_NEXT: Record<string, string[]> = {
  draft: ['sent', 'accepted', 'rejected', 'expired'],
  sent: ['draft', 'accepted', 'rejected', 'expired'],
  accepted: [],
  rejected: ['draft'],
  expired: ['draft'],
};

const CONTRACT_NEXT: Record<string, string[]> = {
  draft: ['active', 'terminated'],
  active: ['expired', 'terminated'],
  expired: ['active'],
  terminated: [],
};

const ORDER_NEXT: Record<string, string[]> = {
  confirmed: ['delivered', 'cancelled'],
  delivered: ['confirmed'],
  cancelled: [],
};

/** What an active (signed) contract may still change: its lifecycle dates and status, not what was agreed. */
const CONTRACT_CHANGEABLE_WHEN_ACTIVE = new Set(['status', 'endsOn', 'renewalOn', 'warrantyEndsOn']);

function transition(kind: string, number: string, next: Record<string, string[]>, from: string, to: string | undefined) {
  if (to === undefined || to === from) return;
  const allowed = next[from] ?? [];
  if (!allowed.includes(to)) {
    throw commerceErrors.state(`${kind.toUpperCase()}_STATUS`, `${kind[0]?.toUpperCase()}${kind.slice(1)} ${number} is ${from} and cannot become ${to}; ${allowed.length ? `it can become ${allowed.join(' or ')}` : `${from} is final`}`, { status: from, requested: to, allowed });
  }
}

export function checkQuoteChange(current: { number: string; status: string }, patch: { status?: string | undefined; lines?: unknown }) {
  if (current.status === 'accepted') {
    throw commerceErrors.state('QUOTE_ACCEPTED', `Quote ${current.number} was accepted: it is the price the customer agreed to and can no longer change; make a new quote for new terms`, { status: current.status });
  }
  transition('quote', current.number, QUOTE_NEXT, current.status, patch.status);
  const after = patch.status ?? current.status;
  if (patch.lines && after !== 'draft' && after !== 'sent') {
    throw commerceErrors.state('QUOTE_CLOSED', `Quote ${current.number} is ${after}: set its status back to draft (in the same change) to revise its lines`, { status: after });
  }
}

export function checkContractChange(current: { number: string; status: string }, patch: Record<string, unknown>) {
  if (current.status === 'terminated') {
    throw commerceErrors.state('CONTRACT_TERMINATED', `Contract ${current.number} was terminated and can no longer change; make a new contract`, { status: current.status });
  }
  transition('contract', current.number, CONTRACT_NEXT, current.status, patch.status as string | undefined);
  if (current.status === 'active') {
    const fixed = Object.keys(patch).filter((key) => !CONTRACT_CHANGEABLE_WHEN_ACTIVE.has(key));
    if (fixed.length) {
      throw commerceErrors.state('CONTRACT_SIGNED', `Contract ${current.number} is active: what was signed (${fixed.join(', ')}) can no longer change; only status, endsOn, renewalOn and warrantyEndsOn can. Terminate it and make a new contract for new terms`, { fields: fixed });
    }
  }
}

export type Invoice = { number: string; status: string };

const invoiceText = (invoice: Invoice) => `invoice ${invoice.number} (${invoice.status})`;

export function checkOrderChange(current: { number: string; status: string }, patch: { status?: string | undefined; lines?: unknown }, invoice: Invoice | undefined) {
  if (current.status === 'cancelled') {
    throw commerceErrors.state('ORDER_CANCELLED', `Order ${current.number} was cancelled and can no longer change; make a new order`, { status: current.status });
  }
  if (patch.lines && invoice) {
    throw commerceErrors.state('ORDER_INVOICED', `The lines of order ${current.number} can no longer change: ${invoiceText(invoice)} bills exactly these amounts, and the order and its invoice must agree; make a new order for the difference`, { invoice: invoice.number, invoiceStatus: invoice.status });
  }
  if (patch.status === 'cancelled' && invoice) {
    throw commerceErrors.state('ORDER_INVOICED', `Order ${current.number} cannot be cancelled while ${invoiceText(invoice)} bills it`, { invoice: invoice.number, invoiceStatus: invoice.status });
  }
  transition('order', current.number, ORDER_NEXT, current.status, patch.status);
}

export function checkOrderDelete(current: { number: string }, invoice: Invoice | undefined) {
  if (invoice) throw commerceErrors.state('ORDER_INVOICED', `Order ${current.number} cannot be deleted: ${invoiceText(invoice)} bills it`, { invoice: invoice.number, invoiceStatus: invoice.status });
}

export function checkContractDelete(current: { number: string; status: string }, orderNumber: string | undefined) {
  if (current.status === 'active') throw commerceErrors.state('CONTRACT_SIGNED', `Contract ${current.number} is active and cannot be deleted; terminate it instead`, { status: current.status });
  if (orderNumber) throw commerceErrors.state('CONTRACT_IN_USE', `Contract ${current.number} cannot be deleted: order ${orderNumber} is placed under it; delete that first`, { usedBy: orderNumber });
}

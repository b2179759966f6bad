/** Commerce: products, quotes, contracts, orders, receivables (with payments and ageing). */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';

export type Quote = Schemas['Quote'];
export type Order = Schemas['Order'];
export type Contract = Schemas['Contract'];
export type Receivable = Schemas['Receivable'];
export type Line = Schemas['Line'];
export type LineInput = Schemas['LineInput'];
export type Product = Schemas['Product'];
export type Customer = { organisationId?: string; personId?: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const only = (customer: Customer) => Object.fromEntries(Object.entries(customer).filter(([, v]) => v)) as Customer;

export function useProducts(q: string) {
  return useQuery({
    queryKey: ['commerce', 'products', q],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/products', { params: { query: { ...(q ? { q } : {}), active: 'true', limit: 50 } }, signal })).items,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useQuotes(customer: Customer = {}) {
  return useQuery({
    queryKey: ['commerce', 'quotes', only(customer)],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/quotes', { params: { query: { ...only(customer), limit: 100 } }, signal })),
  });
}

export function useQuote(id: string | undefined) {
  return useQuery({
    queryKey: ['commerce', 'quote', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/quotes/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
  });
}

export async function saveQuote(existing: Quote | undefined, body: Schemas['QuoteCreateInput']): Promise<Quote> {
  if (!existing) return unwrap(await api.POST('/api/v1/quotes', { body }));
  return unwrap(await api.PATCH('/api/v1/quotes/{id}', { params: { path: { id: existing.id }, header: ifMatch(existing.version) }, body: { lines: body.lines, validUntil: body.validUntil ?? null, notes: body.notes ?? null } }));
}

export async function setQuoteStatus(quote: Quote, status: 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired'): Promise<Quote> {
  return unwrap(await api.PATCH('/api/v1/quotes/{id}', { params: { path: { id: quote.id }, header: ifMatch(quote.version) }, body: { status } }));
}

export function useContracts(customer: Customer = {}) {
  return useQuery({
    queryKey: ['commerce', 'contracts', only(customer)],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/contracts', { params: { query: { ...(customer.organisationId ? { organisationId: customer.organisationId } : {}), limit: 100 } }, signal })).items,
  });
}

export function useContract(id: string) {
  return useQuery({
    queryKey: ['commerce', 'contract', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })),
  });
}

export async function createContract(body: Schemas['ContractCreateInput']): Promise<Contract> {
  return unwrap(await api.POST('/api/v1/contracts', { body }));
}

export async function patchContract(contract: Contract, body: Schemas['ContractPatchInput']): Promise<Contract> {
  return unwrap(await api.PATCH('/api/v1/contracts/{id}', { params: { path: { id: contract.id }, header: ifMatch(contract.version) }, body }));
}

export function useOrders(customer: Customer = {}) {
  return useQuery({
    queryKey: ['commerce', 'orders', only(customer)],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/orders', { params: { query: { ...only(customer), limit: 100 } }, signal })),
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: ['commerce', 'order', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/orders/{id}', { params: { path: { id } }, signal })),
  });
}

export async function createOrder(body: Schemas['OrderCreateInput']): Promise<Order> {
  return unwrap(await api.POST('/api/v1/orders', { body }));
}

export function useReceivables(filter: Customer & { status?: 'open' | 'paid' | 'cancelled' } = {}) {
  return useQuery({
    queryKey: ['commerce', 'receivables', filter],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/receivables', { params: { query: { ...filter, limit: 100 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useAgeing(customer: Customer = {}) {
  return useQuery({
    queryKey: ['commerce', 'ageing', only(customer)],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/receivables/ageing', { params: { query: only(customer) }, signal })),
  });
}

export async function createReceivable(body: Schemas['ReceivableCreateInput']): Promise<Receivable> {
  return unwrap(await api.POST('/api/v1/receivables', { body }));
}

export async function recordPayment(receivable: Receivable, body: Schemas['PaymentCreateInput']): Promise<Receivable> {
  return unwrap(await api.POST('/api/v1/receivables/{id}/payments', { params: { path: { id: receivable.id } }, body }));
}

/** After any commerce write: every list and total that may show it. */
export function refreshCommerce(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: ['commerce'] });
}

/** Today as YYYY-MM-DD in the user's own time zone (the day they mean when they say "today"). */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export async function setOrderStatus(order: Order, status: 'confirmed' | 'delivered' | 'cancelled'): Promise<Order> {
  return unwrap(await api.PATCH('/api/v1/orders/{id}', { params: { path: { id: order.id }, header: ifMatch(order.version) }, body: { status } }));
}

export type Payable = Schemas['Payable'];
export type PayableFilter = { kind?: 'supplier' | 'commission'; status?: 'open' | 'paid' | 'cancelled' };

/** What we owe suppliers and partners (commissions). */
export function usePayables(filter: PayableFilter) {
  return useQuery({
    queryKey: ['commerce', 'payables', filter],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/payables', { params: { query: { ...filter, limit: 100 } }, signal })).items,
  });
}

export async function createPayable(body: Schemas['PayableCreate']): Promise<Payable> {
  return unwrap(await api.POST('/api/v1/payables', { body }));
}

/** Paid (on a day) or cancelled; the version guards against someone else's change in between. */
export async function settlePayable(payable: Payable, status: 'paid' | 'cancelled', paidOn?: string): Promise<Payable> {
  return unwrap(await api.PATCH('/api/v1/payables/{id}', { params: { path: { id: payable.id }, header: ifMatch(payable.version) }, body: { status, ...(status === 'paid' ? { paidOn: paidOn ?? today() } : {}) } }));
}

/** Replaces an order's lines (the server refuses with 409 once an invoice bills the order). */
export async function saveOrderLines(order: Order, lines: NonNullable<Schemas['OrderPatchInput']['lines']>): Promise<Order> {
  return unwrap(await api.PATCH('/api/v1/orders/{id}', { params: { path: { id: order.id }, header: ifMatch(order.version) }, body: { lines } }));
}

export type PriceListSummary = Schemas['PriceListSummary'];

/** The price lists in one currency, to choose a quote's from. */
export function usePriceLists(currency: string | undefined) {
  return useQuery({
    queryKey: ['commerce', 'price-lists', currency],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/price-lists', { params: { query: currency ? { currency } : {} }, signal })).items,
    staleTime: 60_000,
  });
}

/** One price list's prices by product id (empty while none is chosen). */
export function usePriceListPrices(id: string | null | undefined) {
  return useQuery({
    queryKey: ['commerce', 'price-list', id],
    queryFn: async ({ signal }) => new Map(unwrap(await api.GET('/api/v1/price-lists/{id}', { params: { path: { id: id ?? '' } }, signal })).items.map((i) => [i.productId, i.unitPrice])),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

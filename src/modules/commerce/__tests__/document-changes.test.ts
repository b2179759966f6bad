import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let org: string;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  org = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '武汉长江电气有限公司' } })).json().id;
});
afterAll(() => t.close());

type Json = Record<string, unknown> & { id: string; version: number; number: string };
async function call(method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, payload?: unknown, status?: number, headers: Record<string, string> = {}) {
  const response = await t.call({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), headers });
  if (status !== undefined) expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response;
}
const json = async (...args: Parameters<typeof call>) => (await call(...args)).json() as Json;
const line = (unitPrice: string, quantity = '1') => ({ description: '配电柜', quantity, unitPrice, taxRate: '13' });
const newOrder = (number: string) => json('POST', '/api/v1/orders', { organisationId: org, number, orderedOn: '2026-06-01', channel: 'direct', lines: [line('100.00')] }, 201);

describe('orders: change, delete, restore', () => {
  it('changes lines with If-Match (412 when stale), re-prices them and keeps the purchase history in step', async () => {
    const order = await newOrder('SO-E-1');
    const stale = await call('PATCH', `/api/v1/orders/${order.id}`, { channel: 'online' }, 412, { 'if-match': '"0"' });
    expect(errorOf(stale).details).toEqual({ expectedVersion: 0, currentVersion: 1 });
    // 3 × 33.335 = 100.005 → 100.01 (half-up per line), tax 13 % = 13.0013 → 13.00
    const changed = await json('PATCH', `/api/v1/orders/${order.id}`, { lines: [line('33.335', '3')], region: '华中' }, 200, { 'if-match': '"1"' });
    expect(changed).toMatchObject({ version: 2, region: '华中', subtotal: '100.01', taxTotal: '13.00', total: '113.01' });
    const history = (await json('GET', `/api/v1/order-lines?organisationId=${org}&region=${encodeURIComponent('华中')}`, undefined, 200)).items as Array<{ orderId: string; totalAmount: string }>;
    expect(history).toEqual([expect.objectContaining({ orderId: order.id, totalAmount: '113.01' })]);
  });

  it('of two simultaneous edits of the same version exactly one wins; the other gets 412', async () => {
    const order = await newOrder('SO-E-2');
    const answers = await Promise.all(['华北', '华南'].map((region) => call('PATCH', `/api/v1/orders/${order.id}`, { region }, undefined, { 'if-match': '"1"' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412]);
    expect((await json('GET', `/api/v1/orders/${order.id}`)).version).toBe(2);
  });

  it('refuses to change lines, cancel or delete once an invoice bills the order, saying why (409)', async () => {
    const order = await newOrder('SO-E-3');
    const invoice = await json('POST', '/api/v1/receivables', { orderId: order.id, issuedOn: '2026-06-02' }, 201);
    const lines = await call('PATCH', `/api/v1/orders/${order.id}`, { lines: [line('90.00')] }, 409);
    expect(errorOf(lines)).toMatchObject({ code: 'COMMERCE.ORDER_INVOICED', details: { invoice: invoice.number, invoiceStatus: 'open' } });
    expect(errorOf(lines).message).toMatch(/^The lines of order SO-E-3 can no longer change: invoice .* \(open\) bills exactly these amounts/);
    expect(errorOf(await call('PATCH', `/api/v1/orders/${order.id}`, { status: 'cancelled' }, 409)).code).toBe('COMMERCE.ORDER_INVOICED');
    expect(errorOf(await call('DELETE', `/api/v1/orders/${order.id}`, undefined, 409)).code).toBe('COMMERCE.ORDER_INVOICED');
    // Header fields may still change, and delivery is a status change.
    expect((await json('PATCH', `/api/v1/orders/${order.id}`, { status: 'delivered', store: '汉口仓' }, 200)).status).toBe('delivered');
    expect((await json('GET', `/api/v1/orders/${order.id}`)).total).toBe('113.00');
  });

  it('follows the status rules: cancelled is final', async () => {
    const order = await newOrder('SO-E-4');
    await call('PATCH', `/api/v1/orders/${order.id}`, { status: 'cancelled' }, 200);
    const after = await call('PATCH', `/api/v1/orders/${order.id}`, { status: 'confirmed' }, 409);
    expect(errorOf(after)).toMatchObject({ code: 'COMMERCE.ORDER_CANCELLED', message: 'Order SO-E-4 was cancelled and can no longer change; make a new order' });
    const billing = await call('POST', '/api/v1/receivables', { orderId: order.id, issuedOn: '2026-06-02' }, 409);
    expect(errorOf(billing).code).toBe('COMMERCE.ORDER_CANCELLED');
  });

  it('deletes softly (gone from lists and the purchase history), restores, and the timeline shows each step', async () => {
    const order = await newOrder('SO-E-5');
    await call('DELETE', `/api/v1/orders/${order.id}`, undefined, 412, { 'if-match': '"7"' });
    await call('DELETE', `/api/v1/orders/${order.id}`, undefined, 204, { 'if-match': '"1"' });
    await call('GET', `/api/v1/orders/${order.id}`, undefined, 404);
    const lines = (await json('GET', `/api/v1/order-lines?organisationId=${org}&limit=100`)).items as Array<{ orderId: string }>;
    expect(lines.map((l) => l.orderId)).not.toContain(order.id);
    await call('DELETE', `/api/v1/orders/${order.id}`, undefined, 404);
    const restored = await json('POST', `/api/v1/orders/${order.id}/restore`, undefined, 200);
    expect(restored).toMatchObject({ number: 'SO-E-5', deletedAt: null, version: 3 });
    await call('POST', `/api/v1/orders/${order.id}/restore`, undefined, 404);

    await t.services.engagement.timeline.catchUp();
    const timeline = (await json('GET', `/api/v1/organisations/${org}/timeline?kind=order&limit=100`)).items as Array<{ summary: string; aggregateId: string; eventType: string }>;
    const mine = timeline.filter((e) => e.aggregateId === order.id).map((e) => e.eventType).reverse();
    expect(mine).toEqual(['commerce.order.created', 'commerce.order.deleted', 'commerce.order.restored']);
    const summaries = timeline.map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Order SO-E-4 cancelled', 'Order SO-E-3 delivered', 'Order SO-E-5 deleted', 'Order SO-E-5 restored']));
  });
});

describe('quotes and contracts: state rules, delete, restore', () => {
  it('an accepted quote cannot change; rejected goes back to draft; a quote an order was made from stays', async () => {
    const quote = await json('POST', '/api/v1/quotes', { organisationId: org, lines: [line('500.00')] }, 201);
    const skip = await call('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'rejected' }, 200);
    expect(skip.json().status).toBe('rejected');
    const closed = await call('PATCH', `/api/v1/quotes/${quote.id}`, { lines: [line('450.00')] }, 409);
    expect(errorOf(closed).message).toBe(`Quote ${quote.number} is rejected: set its status back to draft (in the same change) to revise its lines`);
    const bad = await call('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'accepted' }, 409);
    expect(errorOf(bad)).toMatchObject({ code: 'COMMERCE.QUOTE_STATUS', details: { status: 'rejected', requested: 'accepted', allowed: ['draft'] } });
    await call('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'draft', lines: [line('450.00')] }, 200);
    await call('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'accepted' }, 200);
    const frozen = await call('PATCH', `/api/v1/quotes/${quote.id}`, { notes: '改一下' }, 409);
    expect(errorOf(frozen)).toMatchObject({ code: 'COMMERCE.QUOTE_ACCEPTED', message: expect.stringMatching(/was accepted: it is the price the customer agreed to/) });

    const order = await json('POST', '/api/v1/orders', { organisationId: org, quoteId: quote.id, orderedOn: '2026-06-03' }, 201);
    expect(order.total).toBe('508.50');
    const inUse = await call('DELETE', `/api/v1/quotes/${quote.id}`, undefined, 409);
    expect(errorOf(inUse).message).toBe(`Quote ${quote.number} cannot be deleted: order ${order.number} was made from it and keeps its prices; delete that first`);
    await call('DELETE', `/api/v1/orders/${order.id}`, undefined, 204);
    await call('DELETE', `/api/v1/quotes/${quote.id}`, undefined, 204);
    expect(((await json('GET', `/api/v1/quotes?organisationId=${org}`)).items as Json[]).map((q) => q.id)).not.toContain(quote.id);
    expect((await json('POST', `/api/v1/quotes/${quote.id}/restore`, undefined, 200)).status).toBe('accepted');
  });

  it('an order copies a quote only in the quote’s currency', async () => {
    const quote = await json('POST', '/api/v1/quotes', { organisationId: org, currency: 'USD', lines: [line('10.00')] }, 201);
    const mismatch = await call('POST', '/api/v1/orders', { organisationId: org, quoteId: quote.id, orderedOn: '2026-06-03', currency: 'CNY' }, 400);
    expect(errorOf(mismatch).message).toBe(`currency: quote ${quote.number} is in USD, the order in CNY; an order copies a quote in its own currency`);
    const order = await json('POST', '/api/v1/orders', { organisationId: org, quoteId: quote.id, orderedOn: '2026-06-03', currency: 'USD' }, 201);
    const invoice = await call('POST', '/api/v1/receivables', { orderId: order.id, issuedOn: '2026-06-04', currency: 'CNY' }, 400);
    expect(errorOf(invoice).message).toBe('currency: the order is in USD; an invoice for it must be too');
  });

  it('an active contract keeps what was signed; it is terminated, not deleted; a terminated one is final', async () => {
    const contract = await json('POST', '/api/v1/contracts', { organisationId: org, title: '年度框架协议', value: '100000.00', status: 'active', signedOn: '2026-06-01' }, 201);
    const value = await call('PATCH', `/api/v1/contracts/${contract.id}`, { value: '90000.00', terms: '新条款' }, 409);
    expect(errorOf(value)).toMatchObject({ code: 'COMMERCE.CONTRACT_SIGNED', details: { fields: ['value', 'terms'] } });
    await call('PATCH', `/api/v1/contracts/${contract.id}`, { renewalOn: '2027-05-01' }, 200);
    expect(errorOf(await call('DELETE', `/api/v1/contracts/${contract.id}`, undefined, 409)).message).toBe(`Contract ${contract.number} is active and cannot be deleted; terminate it instead`);
    await call('PATCH', `/api/v1/contracts/${contract.id}`, { status: 'terminated' }, 200);
    expect(errorOf(await call('PATCH', `/api/v1/contracts/${contract.id}`, { status: 'active' }, 409)).code).toBe('COMMERCE.CONTRACT_TERMINATED');
    await call('DELETE', `/api/v1/contracts/${contract.id}`, undefined, 204);
    await call('GET', `/api/v1/contracts/${contract.id}`, undefined, 404);
    expect((await json('POST', `/api/v1/contracts/${contract.id}/restore`, undefined, 200)).status).toBe('terminated');
    await t.services.engagement.timeline.catchUp();
    const timeline = (await json('GET', `/api/v1/organisations/${org}/timeline?kind=contract&limit=100`)).items as Array<{ summary: string }>;
    expect(timeline.map((e) => e.summary)).toEqual(expect.arrayContaining([`Contract ${contract.number} terminated`, `Contract ${contract.number} deleted`, `Contract ${contract.number} restored`]));
  });
});

describe('ownership follows the customer', () => {
  it('a handover of a customer moves its documents to the new owner', async () => {
    const ctx = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const [leaver, heir] = await Promise.all(['leaver', 'heir'].map((name) => t.services.access.createUser(ctx, { email: `${name}@owner.test`, displayName: name, password: 'long enough password', roleKey: 'sales' })));
    const token = (await t.services.access.createApiTokenForEmail(leaver!.email, 'test')).token;
    const customer = (await t.call({ method: 'POST', url: '/api/v1/organisations', auth: token, payload: { name: '郑州中原机械厂' } })).json().id as string;
    const order = await json('POST', '/api/v1/orders', { organisationId: customer, orderedOn: '2026-06-05', lines: [line('10.00')] }, 201);
    const quote = await json('POST', '/api/v1/quotes', { organisationId: customer, lines: [line('10.00')] }, 201);
    expect([order.ownerId, quote.ownerId]).toEqual([leaver!.id, leaver!.id]);
    const handover = await call('POST', '/api/v1/handover', { fromUserId: leaver!.id, toUserId: heir!.id, only: { organisation: [customer] } }, 200);
    expect(handover.json().transferred).toMatchObject({ organisation: 1, order: 1, quote: 1 });
    expect((await json('GET', `/api/v1/orders/${order.id}`)).ownerId).toBe(heir!.id);
    expect((await t.call({ method: 'GET', url: `/api/v1/orders/${order.id}`, auth: token })).statusCode).toBe(404);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM quotes WHERE owner_id = ${leaver!.id}`.execute(t.database.db);
    expect(rows[0]?.n).toBe(0);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ dataDir: mkdtempSync(join(tmpdir(), 'guanxi-e2e-')), eventPollMs: 0 });
});
afterAll(() => t.close());

type Json = Record<string, unknown> & { id: string; version: number };
async function call(method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown, status = method === 'POST' ? 201 : 200, headers: Record<string, string> = {}) {
  const response = await t.call({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), headers });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json() as Json;
}

describe('lead → opportunity → quote → contract → order → invoice → payment', () => {
  it('runs the whole sale and the customer timeline shows every step', async () => {
    const product = await call('POST', '/api/v1/products', { sku: 'PUMP-200', name: '离心泵 200型', listPrice: '12800.00', taxRate: '13' });
    const service = await call('POST', '/api/v1/products', { sku: 'SVC-INSTALL', name: '安装调试服务', listPrice: '1999.995', taxRate: '6' });

    const lead = await call('POST', '/api/v1/leads', { name: '周立新', company: '苏州恒通水务有限公司', title: '设备部经理', phone: '+86 139 0512 3456', source: 'referral', estimatedValue: '60000' });
    const { lead: converted, opportunity } = (await call('POST', `/api/v1/leads/${lead.id}/convert`, { opportunity: { name: '恒通水务泵站改造', expectedCloseOn: '2027-01-31' } }, 200)) as unknown as { lead: Json; opportunity: Json };
    const organisationId = converted.convertedOrganisationId as string;
    const personId = converted.convertedPersonId as string;
    await call('POST', `/api/v1/opportunities/${opportunity.id}/stage`, { stage: 'qualified' }, 200);
    await call('POST', `/api/v1/opportunities/${opportunity.id}/stage`, { stage: 'proposal' }, 200);

    const quote = await call('POST', '/api/v1/quotes', { organisationId, personId, opportunityId: opportunity.id, lines: [{ productId: product.id, quantity: '4', discountPercent: '5' }, { productId: service.id, quantity: '1' }] });
    // 4 × 12800 = 51200.00, −5 % = 2560.00 → 48640.00, tax 13 % = 6323.20 → 54963.20
    // 1 × 1999.995 = 1999.995 → 2000.00 (half-up), tax 6 % = 120.00 → 2120.00
    expect(quote).toMatchObject({ subtotal: '53200.00', discountTotal: '2560.00', taxTotal: '6443.20', total: '57083.20' });
    await call('PATCH', `/api/v1/opportunities/${opportunity.id}`, { quoteId: quote.id, amount: quote.total as string });
    await call('POST', `/api/v1/opportunities/${opportunity.id}/stage`, { stage: 'negotiation' }, 200);
    await call('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'accepted' });

    const contract = await call('POST', '/api/v1/contracts', { title: '泵站改造供货及安装合同', organisationId, personId, opportunityId: opportunity.id, quoteId: quote.id, value: quote.total, signedOn: '2026-11-20', startsOn: '2026-12-01', endsOn: '2027-11-30', renewalOn: '2027-10-31', warrantyEndsOn: '2028-11-30', status: 'active' });
    const boundary = 'xyz';
    const signed = await t.call({ method: 'PUT', url: `/api/v1/contracts/${contract.id}/signed-file`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="合同.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF signed\r\n--${boundary}--\r\n` });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().signedFile).toMatchObject({ fileName: '合同.pdf', sizeBytes: 11 });
    await call('POST', `/api/v1/opportunities/${opportunity.id}/stage`, { stage: 'won', set: { winReason: '方案与服务' } }, 200);

    const order = await call('POST', '/api/v1/orders', { organisationId, personId, contractId: contract.id, quoteId: quote.id, orderedOn: '2026-11-22', channel: 'direct', region: '华东', store: '苏州办事处' });
    expect(order.total).toBe('57083.20');
    const invoice = await call('POST', '/api/v1/receivables', { orderId: order.id, issuedOn: '2026-11-23', instalments: [{ dueOn: '2026-12-23', amount: '30000.00' }, { dueOn: '2027-02-23', amount: '27083.20' }] });
    expect(invoice).toMatchObject({ amount: '57083.20', outstanding: '57083.20', organisationId, status: 'open' });
    const over = await t.call({ method: 'POST', url: `/api/v1/receivables/${invoice.id}/payments`, payload: { paidOn: '2026-12-20', amount: '60000' } });
    expect(over.statusCode).toBe(422);
    const part = await call('POST', `/api/v1/receivables/${invoice.id}/payments`, { paidOn: '2026-12-20', amount: '35000.00', method: 'bank_transfer' }, 201, { 'if-match': `"${invoice.version}"` });
    expect(part).toMatchObject({ paidAmount: '35000.00', outstanding: '22083.20', status: 'open' });
    expect((part.instalments as Array<{ paidAmount: string }>).map((i) => i.paidAmount)).toEqual(['30000.00', '5000.00']);
    const stale = await t.call({ method: 'POST', url: `/api/v1/receivables/${invoice.id}/payments`, headers: { 'if-match': `"${invoice.version}"` }, payload: { paidOn: '2027-01-05', amount: '1.00' } });
    expect(stale.statusCode).toBe(412);
    const ageing = await call('GET', `/api/v1/receivables/ageing?asOf=2027-04-01&organisationId=${organisationId}`);
    expect(ageing.rows).toEqual([{ currency: 'CNY', notDue: '0.00', days1to30: '0.00', days31to60: '22083.20', days61to90: '0.00', over90: '0.00', total: '22083.20' }]);
    // The last payment is booked by finance, on a customer that is not theirs.
    const cashier = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'cashier@example.com', displayName: '出纳', password: 'long enough password', roleKey: 'finance' });
    const financeToken = (await t.services.access.createApiTokenForEmail(cashier.email, 'test')).token;
    const byFinance = await t.call({ method: 'POST', url: `/api/v1/receivables/${invoice.id}/payments`, auth: financeToken, payload: { paidOn: '2027-02-20', amount: '22083.20' } });
    expect(byFinance.statusCode, byFinance.body).toBe(201);
    const paid = byFinance.json() as Json;
    expect(paid.status).toBe('paid');

    const history = await call('GET', `/api/v1/order-lines?organisationId=${organisationId}`);
    expect((history.items as Array<Record<string, unknown>>)[0]).toMatchObject({ orderedOn: '2026-11-22', channel: 'direct', region: '华东', store: '苏州办事处', organisationId, personId });
    const commission = await call('POST', '/api/v1/payables', { kind: 'commission', partnerOrganisationId: organisationId, orderId: order.id, description: '渠道佣金', commissionPercent: '3' });
    expect(commission.amount).toBe('1712.50'); // 57083.20 × 3 % = 1712.496 → 1712.50

    await t.services.engagement.timeline.catchUp();
    const timeline = await call('GET', `/api/v1/organisations/${organisationId}/timeline?limit=100`);
    const kinds = (timeline.items as Array<{ kind: string; eventType: string }>).map((e) => e.eventType);
    for (const step of ['directory.organisation.created', 'sales.lead.converted', 'sales.opportunity.created', 'sales.opportunity.stage_changed', 'commerce.quote.created', 'commerce.quote.accepted', 'commerce.contract.created', 'sales.opportunity.won', 'commerce.order.created', 'commerce.receivable.created', 'commerce.payment.received']) {
      expect(kinds, step).toContain(step);
    }
    const personTimeline = await call('GET', `/api/v1/people/${personId}/timeline?kind=order&kind=receivable`);
    expect((personTimeline.items as Array<{ summary: string }>).map((e) => e.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/^Payment of 22083.20 CNY received .* \(paid in full\)$/), expect.stringMatching(/^Order .*: 57083.20 CNY via direct at 苏州办事处$/)]));
  });
});

describe('commerce input', () => {
  it('refuses bad money, unknown products and duplicate SKUs clearly', async () => {
    const org = await call('POST', '/api/v1/organisations', { name: '测试公司' });
    expect((await t.call({ method: 'POST', url: '/api/v1/products', payload: { sku: 'X 1', name: 'x', listPrice: '1' } })).statusCode).toBe(400);
    await call('POST', '/api/v1/products', { sku: 'DUP-1', name: 'x', listPrice: '1' });
    expect((await t.call({ method: 'POST', url: '/api/v1/products', payload: { sku: 'DUP-1', name: 'y', listPrice: '1' } })).statusCode).toBe(409);
    const badLine = await t.call({ method: 'POST', url: '/api/v1/quotes', payload: { organisationId: org.id, lines: [{ quantity: '1', unitPrice: '1.00001', description: 'x' }] } });
    expect(badLine.statusCode).toBe(400);
    const unknown = await t.call({ method: 'POST', url: '/api/v1/quotes', payload: { organisationId: org.id, lines: [{ quantity: '1', productId: '01900000-0000-7000-8000-000000000000' }] } });
    expect(errorOf(unknown)).toMatchObject({ code: 'COMMERCE.BAD_REFERENCE', message: expect.stringMatching(/^lines\.0\.productId/) });
    const sum = await t.call({ method: 'POST', url: '/api/v1/receivables', payload: { organisationId: org.id, amount: '100.00', issuedOn: '2026-01-01', instalments: [{ dueOn: '2026-02-01', amount: '60' }] } });
    expect(errorOf(sum).message).toMatch(/add up to 60.00, the amount is 100.00/);
  });

  it('shows a sales rep only the documents of their own customers; someone else’s order answers like a missing one', async () => {
    const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'rep@example.com', displayName: '小赵', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const org = await call('POST', '/api/v1/organisations', { name: '可见性测试公司' });
    const theirs = await call('POST', '/api/v1/orders', { organisationId: org.id, orderedOn: '2026-01-05', lines: [{ description: '样品', quantity: '1', unitPrice: '10' }] });
    const repOrg = await t.call({ method: 'POST', url: '/api/v1/organisations', auth: token, payload: { name: '小赵的公司' } });
    const mine = await t.call({ method: 'POST', url: '/api/v1/orders', auth: token, payload: { organisationId: repOrg.json().id, orderedOn: '2026-01-06', lines: [{ description: '样品', quantity: '2', unitPrice: '10' }] } });
    expect(mine.statusCode, mine.body).toBe(201);
    const hidden = await t.call({ method: 'GET', url: `/api/v1/orders/${theirs.id}`, auth: token });
    const missing = await t.call({ method: 'GET', url: '/api/v1/orders/01900000-0000-7000-8000-000000000000', auth: token });
    expect([hidden.statusCode, errorOf(hidden).code]).toEqual([404, errorOf(missing).code]);
    const lines = (await t.call({ method: 'GET', url: '/api/v1/order-lines?limit=100', auth: token })).json().items as Array<{ orderId: string }>;
    expect(new Set(lines.map((l) => l.orderId))).toEqual(new Set([mine.json().id]));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let org: string;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  org = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '重庆山城物流有限公司' } })).json().id;
});
afterAll(() => t.close());

const invoice = async (amount: string, instalments?: Array<{ dueOn: string; amount: string }>) => {
  const response = await t.call({ method: 'POST', url: '/api/v1/receivables', payload: { organisationId: org, amount, issuedOn: '2026-07-01', ...(instalments ? { instalments } : {}) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
};
const pay = (id: string, amount: string, headers: Record<string, string> = {}) => t.call({ method: 'POST', url: `/api/v1/receivables/${id}/payments`, headers, payload: { paidOn: '2026-07-10', amount } });

describe('payments', () => {
  it('adds up exactly: 0.10 + 0.20 settles an invoice of 0.30 (in floats 0.1 + 0.2 is 0.30000000000000004)', async () => {
    const small = await invoice('0.30');
    expect((await pay(small.id, '0.1')).json()).toMatchObject({ paidAmount: '0.10', outstanding: '0.20', status: 'open' });
    expect((await pay(small.id, '0.2')).json()).toMatchObject({ paidAmount: '0.30', outstanding: '0.00', status: 'paid' });
    expect((await pay(small.id, '0.01')).statusCode).toBe(422);
  });

  it('splits a payment across instalments oldest first, to the cent', async () => {
    const split = await invoice('100.00', [{ dueOn: '2026-08-01', amount: '33.33' }, { dueOn: '2026-09-01', amount: '33.33' }, { dueOn: '2026-10-01', amount: '33.34' }]);
    const paid = (await pay(split.id, '66.67')).json();
    expect(paid.instalments.map((i: { paidAmount: string }) => i.paidAmount)).toEqual(['33.33', '33.33', '0.01']);
    expect(paid.outstanding).toBe('33.33');
    expect((await pay(split.id, '1.005')).statusCode).toBe(400); // a third decimal is refused, not rounded away
  });

  it('two payments at once cannot together exceed what is owed: one is recorded, the other refused', async () => {
    const owed = await invoice('100.00');
    const answers = await Promise.all([pay(owed.id, '60.00'), pay(owed.id, '60.00')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422]);
    const refused = answers.find((a) => a.statusCode === 422);
    expect(refused && errorOf(refused)).toMatchObject({ code: 'COMMERCE.OVERPAYMENT', details: { outstanding: '40.00' } });
    const final = (await t.call({ method: 'GET', url: `/api/v1/receivables/${owed.id}` })).json();
    expect(final).toMatchObject({ paidAmount: '60.00', outstanding: '40.00', payments: [expect.objectContaining({ amount: '60.00' })] });
  });

  it('with If-Match, two payments on the same version: the second is stale (412)', async () => {
    const owed = await invoice('50.00');
    const answers = await Promise.all([pay(owed.id, '10.00', { 'if-match': `"${owed.version}"` }), pay(owed.id, '10.00', { 'if-match': `"${owed.version}"` })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 412]);
  });
});

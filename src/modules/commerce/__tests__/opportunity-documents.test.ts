/**
 * Quotes and contracts made for an opportunity: checked against it (exists, visible, changeable, same customer) and
 * recorded on it in the document's own transaction — a failure after the insert leaves neither the document nor
 * the link.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { createDiskStorage } from '../../../platform/storage/file-storage.ts';
import { createCommerceService } from '../index.ts';
import type { QuoteCreate } from '../document.schema.ts';

let t: TestApp;
let org: string;
let otherOrg: string;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  org = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '南京紫金照明工程有限公司' } })).json().id;
  otherOrg = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '苏州园林灯具厂' } })).json().id;
});
afterAll(() => t.close());

type Json = Record<string, unknown> & { id: string; version: number; number: string };
async function call(method: 'POST' | 'GET', url: string, payload?: unknown, status?: number, auth?: string) {
  const response = await t.call({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), ...(auth ? { auth } : {}) });
  if (status !== undefined) expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response;
}
const json = async (...args: Parameters<typeof call>) => (await call(...args)).json() as Json;
const lines = [{ description: '道路照明灯具', quantity: '10', unitPrice: '880.00', taxRate: '13' }];
const newOpportunity = (name: string, organisationId: string | null = org, auth?: string) => json('POST', '/api/v1/opportunities', { name, ...(organisationId ? { organisationId } : {}) }, 201, auth);
const quoteCount = async (number: string) => Number((await t.database.db.withTables<{ quotes: { number: string } }>().selectFrom('quotes').select((eb) => eb.fn.countAll().as('n')).where('number', '=', number).executeTakeFirstOrThrow()).n);
const userWithRole = async (email: string, roleKey: string) => {
  const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email, displayName: '小周', password: 'long enough password', roleKey });
  return { id: rep.id, token: (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token };
};

describe('a quote made for an opportunity', () => {
  it('is recorded on the opportunity in the same request; a later quote leaves the chosen one', async () => {
    const opportunity = await newOpportunity('玄武大道路灯改造');
    const quote = await json('POST', '/api/v1/quotes', { organisationId: org, opportunityId: opportunity.id, number: 'Q-OPP-1', lines }, 201);
    expect(quote.opportunityId).toBe(opportunity.id);
    const linked = await json('GET', `/api/v1/opportunities/${opportunity.id}`);
    expect(linked).toMatchObject({ quoteId: quote.id, version: opportunity.version + 1 });

    const variant = await json('POST', '/api/v1/quotes', { organisationId: org, opportunityId: opportunity.id, number: 'Q-OPP-2', lines }, 201);
    expect(variant.opportunityId).toBe(opportunity.id);
    expect(await json('GET', `/api/v1/opportunities/${opportunity.id}`)).toMatchObject({ quoteId: quote.id, version: linked.version });
  });

  it('is refused (400, nothing written) for an opportunity that does not exist', async () => {
    const response = await call('POST', '/api/v1/quotes', { organisationId: org, opportunityId: '01900000-0000-7000-8000-000000000000', number: 'Q-OPP-MISSING', lines }, 400);
    expect(errorOf(response)).toMatchObject({ code: 'COMMERCE.BAD_REFERENCE', message: 'opportunityId: no opportunity with id 01900000-0000-7000-8000-000000000000', details: { field: 'opportunityId' } });
    expect(await quoteCount('Q-OPP-MISSING')).toBe(0);
  });

  it('is refused (400) for another customer’s opportunity, naming it', async () => {
    const opportunity = await newOpportunity('苏州园林夜景');
    const response = await call('POST', '/api/v1/quotes', { organisationId: org, opportunityId: (await newOpportunity('园林灯具采购', otherOrg)).id, number: 'Q-OPP-OTHER', lines }, 400);
    expect(errorOf(response)).toMatchObject({ code: 'COMMERCE.OPPORTUNITY_OTHER_CUSTOMER', details: { field: 'opportunityId', organisationId: otherOrg } });
    expect(errorOf(response).message).toMatch(/^opportunityId: opportunity “园林灯具采购” is for another customer/);
    expect(await quoteCount('Q-OPP-OTHER')).toBe(0);
    expect((await json('GET', `/api/v1/opportunities/${opportunity.id}`)).quoteId).toBeNull();
  });

  it('answers a hidden opportunity exactly as a missing one', async () => {
    const rep = await userWithRole('zhou@example.com', 'sales');
    const repOrg = (await json('POST', '/api/v1/organisations', { name: '小周的客户' }, 201, rep.token)).id;
    // The admin's opportunity on the rep's customer: a sales rep sees only their own.
    const theirs = await newOpportunity('总部的商机', repOrg);
    const hidden = await call('POST', '/api/v1/quotes', { organisationId: repOrg, opportunityId: theirs.id, number: 'Q-OPP-HIDDEN', lines }, 400, rep.token);
    expect(errorOf(hidden)).toMatchObject({ code: 'COMMERCE.BAD_REFERENCE', message: `opportunityId: no opportunity with id ${theirs.id}` });
    expect(await quoteCount('Q-OPP-HIDDEN')).toBe(0);
    expect((await json('GET', `/api/v1/opportunities/${theirs.id}`)).quoteId).toBeNull();
    // Their own opportunity works.
    const mine = await newOpportunity('小周的商机', repOrg, rep.token);
    await call('POST', '/api/v1/quotes', { organisationId: repOrg, opportunityId: mine.id, number: 'Q-OPP-MINE', lines }, 201, rep.token);
    expect((await json('GET', `/api/v1/opportunities/${mine.id}`, undefined, 200, rep.token)).quoteId).not.toBeNull();
  });

  it('refuses (403) an opportunity the caller may see but not change: recording the quote would change it', async () => {
    // Service reads everything but writes only its own (team) records.
    const agent = await userWithRole('kefu@example.com', 'service');
    const agentOrg = (await json('POST', '/api/v1/organisations', { name: '客服的客户' }, 201, agent.token)).id;
    const theirs = await newOpportunity('总部跟进的商机', agentOrg);
    const readOnly = await call('POST', '/api/v1/quotes', { organisationId: agentOrg, opportunityId: theirs.id, number: 'Q-OPP-READ', lines }, 403, agent.token);
    expect(errorOf(readOnly)).toMatchObject({ code: 'COMMERCE.OPPORTUNITY_READ_ONLY', details: { field: 'opportunityId' } });
    expect(errorOf(readOnly).message).toMatch(/^You may see opportunity “总部跟进的商机” but not change it/);
    expect(await quoteCount('Q-OPP-READ')).toBe(0);
    // Without the opportunity the same quote is the agent's to make.
    await call('POST', '/api/v1/quotes', { organisationId: agentOrg, number: 'Q-OPP-READ', lines }, 201, agent.token);
  });

  it('rolls back the quote and the opportunity’s link together when the transaction fails after both were written', async () => {
    const opportunity = await newOpportunity('鼓楼广场亮化');
    const { opportunityLinks } = t.services.sales;
    const failing = createCommerceService({
      db: t.database.db,
      directory: t.services.directory,
      storage: createDiskStorage(join(tmpdir(), 'guanxi-unused')),
      fileMaxBytes: 0,
      actorFor: async () => null,
      opportunities: {
        lock: opportunityLinks.lock,
        link: async (...args) => {
          expect(await opportunityLinks.link(...args)).toBe(true);
          throw new Error('forced failure after the quote and the link were written');
        },
      },
    });
    const input: QuoteCreate = { organisationId: org, opportunityId: opportunity.id, number: 'Q-OPP-ROLLBACK', currency: 'CNY', lines };
    await expect(failing.quotes.create(t.ctx, input)).rejects.toThrow('forced failure');
    expect(await quoteCount('Q-OPP-ROLLBACK')).toBe(0);
    expect(await json('GET', `/api/v1/opportunities/${opportunity.id}`)).toMatchObject({ quoteId: null, version: opportunity.version });
  });
});

describe('a contract made from a quote', () => {
  it('carries the quote’s opportunity and is recorded on it', async () => {
    const opportunity = await newOpportunity('秦淮河景观照明');
    const quote = await json('POST', '/api/v1/quotes', { organisationId: org, opportunityId: opportunity.id, lines }, 201);
    const contract = await json('POST', '/api/v1/contracts', { title: '秦淮河景观照明合同', organisationId: org, quoteId: quote.id, value: quote.total }, 201);
    expect(contract).toMatchObject({ quoteId: quote.id, opportunityId: opportunity.id });
    expect(await json('GET', `/api/v1/opportunities/${opportunity.id}`)).toMatchObject({ quoteId: quote.id, contractId: contract.id });
  });

  it('refuses a quote that does not exist, and an opportunity other than the quote’s (400)', async () => {
    const missing = await call('POST', '/api/v1/contracts', { title: '无报价', organisationId: org, quoteId: '01900000-0000-7000-8000-000000000000', value: '1.00' }, 400);
    expect(errorOf(missing)).toMatchObject({ code: 'COMMERCE.BAD_REFERENCE', details: { field: 'quoteId' } });
    const first = await newOpportunity('一期');
    const second = await newOpportunity('二期');
    const quote = await json('POST', '/api/v1/quotes', { organisationId: org, opportunityId: first.id, lines }, 201);
    const crossed = await call('POST', '/api/v1/contracts', { title: '二期合同', organisationId: org, quoteId: quote.id, opportunityId: second.id, value: '1.00' }, 400);
    expect(errorOf(crossed)).toMatchObject({ code: 'COMMERCE.INVALID', details: { field: 'opportunityId' } });
    expect(errorOf(crossed).message).toContain(`quote ${quote.number} was made for another opportunity`);
    expect((await json('GET', `/api/v1/opportunities/${second.id}`)).contractId).toBeNull();
  });

  it('given an opportunity later (PATCH) is checked the same way and recorded on it', async () => {
    const contract = await json('POST', '/api/v1/contracts', { title: '先签后补商机', organisationId: org, value: '1.00' }, 201);
    const elsewhere = await newOpportunity('别家的商机', otherOrg);
    const refused = await t.call({ method: 'PATCH', url: `/api/v1/contracts/${contract.id}`, payload: { opportunityId: elsewhere.id } });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).code).toBe('COMMERCE.OPPORTUNITY_OTHER_CUSTOMER');
    const badQuote = await t.call({ method: 'PATCH', url: `/api/v1/contracts/${contract.id}`, payload: { quoteId: '01900000-0000-7000-8000-000000000000' } });
    expect(errorOf(badQuote)).toMatchObject({ code: 'COMMERCE.BAD_REFERENCE', details: { field: 'quoteId' } });
    const opportunity = await newOpportunity('补登的商机');
    const changed = await t.call({ method: 'PATCH', url: `/api/v1/contracts/${contract.id}`, payload: { opportunityId: opportunity.id } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await json('GET', `/api/v1/opportunities/${opportunity.id}`)).contractId).toBe(contract.id);
  });

  it('made for an opportunity directly is checked like a quote', async () => {
    const elsewhere = await newOpportunity('别家的项目', otherOrg);
    const response = await call('POST', '/api/v1/contracts', { title: '错配合同', organisationId: org, opportunityId: elsewhere.id, value: '1.00' }, 400);
    expect(errorOf(response).code).toBe('COMMERCE.OPPORTUNITY_OTHER_CUSTOMER');
  });
});

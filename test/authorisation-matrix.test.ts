/**
 * The authorisation matrix: every API route, every role, every ownership case. It fails when a route is added
 * without a policy, when an anonymous caller gets anything but 401, when a non-administrator reaches an admin
 * route, and when a record outside a caller's scope answers any differently from a record that does not exist.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { newId } from '../src/kernel/ids.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const ROLES = ['manager', 'sales', 'other_sales', 'service', 'marketing', 'finance', 'read_only'] as const;

async function user(key: string, roleKey: string, tenantId = DEFAULT_TENANT_ID) {
  const created = await t.services.access.createUser({ tenantId, userId: undefined, requestId: undefined }, { email: `${key}@matrix.test`, displayName: key, password: 'long enough password', roleKey });
  tokens[key] = (await t.services.access.createApiTokenForEmail(created.email, 'matrix')).token;
  ids[key] = created.id;
}

const call = (who: string | false, method: string, url: string, payload?: unknown) =>
  t.call({ method: method as 'GET', url, auth: who === false ? false : tokens[who], ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) await user(role, role === 'other_sales' ? 'sales' : role);
  tokens.admin = t.token;
  ids.admin = t.admin.id;
  // The manager's team holds sales and read_only; other_sales works elsewhere.
  const team = (await call('admin', 'POST', '/api/v1/teams', { name: '一组', managerId: ids.manager })).json();
  for (const member of ['sales', 'read_only']) await call('admin', 'POST', `/api/v1/teams/${team.id}/members`, { userId: ids[member] });
  ids.own = (await call('sales', 'POST', '/api/v1/people', { name: '自己的客户' })).json().id;
  ids.other = (await call('other_sales', 'POST', '/api/v1/people', { name: '别人的客户' })).json().id;
  ids.ownOrg = (await call('sales', 'POST', '/api/v1/organisations', { name: '自己的公司' })).json().id;
  ids.otherOrg = (await call('other_sales', 'POST', '/api/v1/organisations', { name: '别人的公司' })).json().id;
});
afterAll(() => t.close());

const fill = (url: string, id: string) => url.replace(/:[a-zA-Z]+/g, id);
const apiRoutes = () => t.app.routeCatalogue.filter((r) => r.url.startsWith('/api/v1'));

describe('route policies', () => {
  it('every API route declares who may call it', () => {
    const missing = apiRoutes().filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
    expect(missing, `routes without a policy: ${missing.join(', ')}`).toEqual([]);
    expect(apiRoutes().length).toBeGreaterThan(30);
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    for (const route of apiRoutes().filter((r) => r.policy !== 'public')) {
      const response = await call(false, route.method, fill(route.url, newId()), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('refuses every admin route to every other role with 403, before reading the body', async () => {
    for (const route of apiRoutes().filter((r) => r.policy === 'admin')) {
      for (const role of ROLES) {
        const response = await call(role, route.method, fill(route.url, newId()), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
      }
    }
  });

  it("answers for someone else's record exactly as for a record that does not exist, on every record route", async () => {
    const recordRoutes = apiRoutes().filter((r) => typeof r.policy === 'object' && r.url.includes(':id'));
    expect(recordRoutes.length).toBeGreaterThan(8);
    for (const route of recordRoutes) {
      const objectType = (route.policy as { object: string }).object;
      const hidden = objectType === 'organisation' ? ids.otherOrg! : ids.other!;
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : route.url.endsWith('/restore') ? undefined : { notes: 'x', name: 'x', organisationId: ids.ownOrg, relation: 'child' };
      const hiddenAnswer = await call('sales', route.method, fill(route.url, hidden), body);
      const missingAnswer = await call('sales', route.method, fill(route.url, newId()), body);
      expect(hiddenAnswer.statusCode, `${route.method} ${route.url}`).toBe(missingAnswer.statusCode);
      expect(hiddenAnswer.statusCode, `${route.method} ${route.url}`).not.toBeLessThan(400);
      expect(hiddenAnswer.json().error.code, `${route.method} ${route.url}`).toBe(missingAnswer.json().error.code);
    }
  });
});

describe('roles × ownership on a customer', () => {
  // read / change / delete, for a customer of `sales` (in the manager's team) and one of `other_sales`.
  const expected: Record<string, { own: [number, number, number]; other: [number, number, number] }> = {
    admin: { own: [200, 200, 204], other: [200, 200, 204] },
    manager: { own: [200, 200, 204], other: [404, 404, 404] },
    sales: { own: [200, 200, 204], other: [404, 404, 404] },
    service: { own: [200, 403, 403], other: [200, 403, 403] },
    marketing: { own: [200, 403, 403], other: [200, 403, 403] },
    finance: { own: [200, 403, 403], other: [200, 403, 403] },
    read_only: { own: [200, 403, 403], other: [404, 404, 404] },
  };
  for (const [role, cases] of Object.entries(expected)) {
    it(`${role}`, async () => {
      for (const [which, [read, change, remove]] of Object.entries(cases)) {
        const id = which === 'own' ? ids.own! : ids.other!;
        expect((await call(role, 'GET', `/api/v1/people/${id}`)).statusCode, `${role} reads ${which}`).toBe(read);
        expect((await call(role, 'PATCH', `/api/v1/people/${id}`, { notes: `${role} was here` })).statusCode, `${role} changes ${which}`).toBe(change);
        expect((await call(role, 'DELETE', `/api/v1/people/${id}`)).statusCode, `${role} deletes ${which}`).toBe(remove);
        if (remove === 204) expect((await call('admin', 'POST', `/api/v1/people/${id}/restore`)).statusCode).toBe(200);
      }
    });
  }
});

describe('tenant isolation', () => {
  const OTHER_TENANT = '01900000-0000-7000-8000-0000000000f2';
  let foreign: { person: string; org: string; userId: string };

  beforeAll(async () => {
    await sql`INSERT INTO tenants (id, name) VALUES (${OTHER_TENANT}, 'Other company')`.execute(t.database.db);
    await user('foreign_admin', 'admin', OTHER_TENANT);
    foreign = {
      person: (await call('foreign_admin', 'POST', '/api/v1/people', { name: '别家客户', phones: [{ number: '13912345678' }] })).json().id,
      org: (await call('foreign_admin', 'POST', '/api/v1/organisations', { name: '别家公司' })).json().id,
      userId: ids.foreign_admin!,
    };
  });

  it("never returns, counts, finds or changes another tenant's rows", async () => {
    expect((await call('admin', 'GET', `/api/v1/people/${foreign.person}`)).statusCode).toBe(404);
    expect((await call('admin', 'GET', `/api/v1/organisations/${foreign.org}`)).statusCode).toBe(404);
    expect((await call('admin', 'PATCH', `/api/v1/people/${foreign.person}`, { notes: 'x' })).statusCode).toBe(404);
    expect((await call('admin', 'DELETE', `/api/v1/people/${foreign.person}`)).statusCode).toBe(404);
    const list = (await call('admin', 'GET', '/api/v1/people?limit=100')).json().items.map((p: { id: string }) => p.id);
    expect(list).not.toContain(foreign.person);
    expect((await call('admin', 'GET', '/api/v1/people/search?q=13912345678')).json().items).toEqual([]);
    expect((await call('admin', 'GET', `/api/v1/organisations?q=${encodeURIComponent('别家')}`)).json().items).toEqual([]);
    expect((await call('admin', 'POST', `/api/v1/people/${ids.own}/organisations`, { organisationId: foreign.org })).statusCode).toBe(400);
    expect((await call('admin', 'POST', '/api/v1/shares', { objectType: 'person', objectId: foreign.person, granteeType: 'user', granteeId: ids.sales, access: 'read' })).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/api/v1/handover', { fromUserId: foreign.userId, toUserId: ids.sales })).statusCode).toBe(400);
    expect((await call('admin', 'GET', '/api/v1/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(foreign.userId);
    expect((await call('admin', 'GET', `/api/v1/audit?objectId=${foreign.person}`)).json().items).toEqual([]);
    expect((await call('admin', 'GET', `/api/v1/users/${foreign.userId}`)).statusCode).toBe(404);
    // …and the other way round.
    expect((await call('foreign_admin', 'GET', `/api/v1/people/${ids.own}`)).statusCode).toBe(404);
    expect((await call('foreign_admin', 'GET', '/api/v1/people?limit=100')).json().items.map((p: { id: string }) => p.id)).toEqual([foreign.person]);
  });
});

describe('roles × commerce documents of a customer', () => {
  // An order and its invoice for the customer of `sales`, typed in by the administrator: they belong to the
  // customer's owner, so `sales` sees and edits them; finance reads everything and records payments; nobody
  // outside the owner's reach sees them at all. [read order, change order, read invoice, record a payment]
  const expected: Record<string, [number, number, number, number]> = {
    admin: [200, 200, 200, 201],
    manager: [200, 200, 200, 201],
    sales: [200, 200, 200, 403],
    other_sales: [404, 404, 404, 404],
    service: [200, 403, 200, 403],
    marketing: [200, 403, 200, 403],
    finance: [200, 403, 200, 201],
    read_only: [200, 403, 200, 403],
  };
  let order: { id: string; ownerId: string };
  let invoice: { id: string; ownerId: string };
  beforeAll(async () => {
    order = (await call('admin', 'POST', '/api/v1/orders', { organisationId: ids.ownOrg, orderedOn: '2026-05-01', lines: [{ description: '样品', quantity: '1', unitPrice: '1000' }] })).json();
    invoice = (await call('admin', 'POST', '/api/v1/receivables', { orderId: order.id, issuedOn: '2026-05-02' })).json();
  });

  it('belong to the customer’s owner, not to whoever typed them in', () => {
    expect([order.ownerId, invoice.ownerId]).toEqual([ids.sales, ids.sales]);
  });
  for (const [role, [readOrder, changeOrder, readInvoice, pay]] of Object.entries(expected)) {
    it(role, async () => {
      expect((await call(role, 'GET', `/api/v1/orders/${order.id}`)).statusCode, `${role} reads the order`).toBe(readOrder);
      expect((await call(role, 'PATCH', `/api/v1/orders/${order.id}`, { channel: role })).statusCode, `${role} changes the order`).toBe(changeOrder);
      expect((await call(role, 'GET', `/api/v1/receivables/${invoice.id}`)).statusCode, `${role} reads the invoice`).toBe(readInvoice);
      expect((await call(role, 'POST', `/api/v1/receivables/${invoice.id}/payments`, { paidOn: '2026-05-03', amount: '1.00' })).statusCode, `${role} records a payment`).toBe(pay);
      const listed = (await call(role, 'GET', '/api/v1/orders?limit=100')).json().items.map((o: { id: string }) => o.id);
      expect(listed.includes(order.id), `${role} lists the order`).toBe(readOrder === 200);
    });
  }

  it('a salesperson cannot create a document for a customer outside their reach (403, nothing written)', async () => {
    const refused = await call('sales', 'POST', '/api/v1/quotes', { organisationId: ids.otherOrg, lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] });
    expect(refused.statusCode).toBe(400); // other_sales' organisation is not even visible to sales: a bad reference
    const teamCustomer = await call('manager', 'POST', '/api/v1/quotes', { organisationId: ids.otherOrg, lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] });
    expect(teamCustomer.statusCode).toBe(400); // outside the manager's subtree too
    const finance = await call('finance', 'POST', '/api/v1/orders', { organisationId: ids.ownOrg, orderedOn: '2026-05-01', lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] });
    expect([finance.statusCode, finance.json().error.code]).toEqual([403, 'COMMERCE.FORBIDDEN']);
  });
});

describe('roles × the catalogue', () => {
  // Everyone reads the shared catalogue; only roles that may write products change it.
  const mayChange: Record<string, boolean> = { admin: true, manager: true, sales: true, other_sales: true, service: true, marketing: false, finance: false, read_only: false };
  for (const [role, allowed] of Object.entries(mayChange)) {
    it(role, async () => {
      expect((await call(role, 'GET', '/api/v1/products?limit=5')).statusCode).toBe(200);
      const created = await call(role, 'POST', '/api/v1/products', { sku: `CAT-${role}`, name: role, listPrice: '1' });
      expect(created.statusCode, `${role} adds a product`).toBe(allowed ? 201 : 403);
    });
  }
});

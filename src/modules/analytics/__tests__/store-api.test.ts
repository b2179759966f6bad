/**
 * The analytics store and API over a small, fully known purchase history: the feed and a rebuild give the same
 * figures, re-applying events changes nothing, a deleted order leaves the figures, every figure follows the
 * caller's visibility (two sales reps, a share), and malformed parameters are refused naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID, type ActorContext } from '../../../kernel/context.ts';
import { orderSummaryIsCurrent, orderSummarySelect } from '../store/order-summary.ts';
import { setMeta } from '../store/store.ts';

let t: TestApp;
const users: Record<string, { id: string; token: string }> = {};
const people: { id: string; owner: string; index: number }[] = [];
const products: Record<string, string> = {};
const orders: { id: string; personId: string; net: number }[] = [];
const sys: ActorContext = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
/** The person page and the segments while only five customers had bought (fewer than a fit needs). */
let early: { person: Record<string, unknown>; segments: Record<string, unknown>; lines: number } | undefined;

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const get = (url: string, who?: string) => t.call({ method: 'GET', url, ...(who ? { auth: users[who]?.token } : {}) });
const json = async (url: string, who?: string) => {
  const response = await get(url, who);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/** The feed keeps the order summary in step with the lines it writes: marked current, and equal to a recompute. */
async function expectSummaryKept() {
  const { current, differing } = await t.services.analytics.store.exclusive(async (db) => ({
    current: await orderSummaryIsCurrent(db, DEFAULT_TENANT_ID),
    differing: Number((await db.one(`SELECT (SELECT count(*) FROM (SELECT * FROM order_summary EXCEPT ALL ${orderSummarySelect('order_lines')}))
      + (SELECT count(*) FROM (${orderSummarySelect('order_lines')} EXCEPT ALL SELECT * FROM order_summary)) AS n`))?.n),
  }));
  expect({ current, differing }).toEqual({ current: true, differing: 0 });
}

/** Figures that must not depend on how the store was filled. */
async function figures() {
  // When the figures were derived differs between the two ways of filling the store; the figures must not.
  const segments = { ...(await json('/api/v1/analytics/segments')), derivedAt: undefined };
  const cube = await json('/api/v1/analytics/cube?rows=region.province&columns=product.category&measure=amount');
  const person = await json(`/api/v1/analytics/people/${people[3]?.id}`);
  // The cumulative share is a running float sum over customers; feed and rebuild may list them in a different order,
  // which moves its last bit (0.7826447011003713 against …712), so it is compared to 12 digits.
  const value = person.value && { ...person.value, cumulativeShare: Number(person.value.cumulativeShare.toFixed(12)) };
  return { segments, cube, person: { ...person, derivedAt: undefined, value, clv: person.clv && { ...person.clv, fittedAt: undefined } } };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['s1', 's2']) {
    const user = await t.services.access.createUser(sys, { email: `${key}@example.com`, displayName: key, password: 'long enough password', roleKey: 'sales' });
    users[key] = { id: user.id, token: (await t.services.access.createApiTokenForEmail(user.email, 'test')).token };
  }
  // The store starts empty and follows the outbox from here on: what follows reaches it through the feed.
  await t.services.analytics.feed.rebuild([DEFAULT_TENANT_ID]);

  const pumps = await t.services.commerce.catalog.createCategory(t.ctx, { name: '水泵' });
  const valves = await t.services.commerce.catalog.createCategory(t.ctx, { name: '阀门' });
  for (const [sku, name, categoryId] of [['A', '泵 A', pumps.id], ['B', '泵 B', pumps.id], ['C', '阀 C', valves.id], ['D', '阀 D', valves.id]] as const) {
    products[sku] = (await t.services.commerce.catalog.createProduct(t.ctx, { sku, name, listPrice: '100.00', currency: 'CNY', taxRate: '13', categoryId })).id;
  }
  for (let i = 0; i < 40; i++) {
    const owner = i % 2 === 0 ? 's1' : 's2';
    const province = i % 4 < 2 ? '广东省' : '浙江省';
    const city = province === '广东省' ? (i % 8 < 4 ? '广州市' : '深圳市') : '杭州市';
    const person = await t.services.directory.people.create(t.ctx, { name: `客户${i}`, ownerId: users[owner]?.id, addresses: [{ province, city, district: '区', street: '路', detail: `${i}号` }] });
    people.push({ id: person.id, owner, index: i });
    for (let j = 0; j < 1 + (i % 6); j++) {
      // Customers who buy valve C also buy valve D (except every ninth): the rule C → D, and an audience for D.
      const skus = ['A', ...(i % 2 === 0 ? ['B'] : []), ...(i % 3 === 0 ? ['C'] : []), ...(i % 3 === 0 && i % 9 !== 0 && j === 0 ? ['D'] : [])];
      const order = await t.services.commerce.orders.create(t.ctx, {
        personId: person.id,
        orderedOn: day(5 + ((i * 37 + j * 53) % 700)),
        currency: 'CNY',
        channel: j % 2 === 0 ? 'store' : 'online',
        lines: skus.map((sku) => ({ productId: products[sku], quantity: String(1 + (i % 3)), unitPrice: '100.00' })),
      });
      orders.push({ id: order.id, personId: person.id, net: Number(order.subtotal) - Number(order.discountTotal) });
    }
    if (i === 4) {
      await t.services.analytics.feed.catchUp();
      early = { person: await json(`/api/v1/analytics/people/${people[3]?.id}`), segments: await json('/api/v1/analytics/segments'), lines: (await json('/api/v1/analytics/status')).orderLines };
    }
  }
  await t.services.analytics.feed.catchUp();
}, 120_000);
afterAll(() => t.close());

describe('the store follows the outbox and can be rebuilt', () => {
  it('holds every live order line and customer', async () => {
    await expectSummaryKept(); // checked before any read, since a derive would repair a stale summary
    const status = await json('/api/v1/analytics/status');
    const lines = orders.length + 0; // at least one line per order
    expect(status.orderLines).toBeGreaterThanOrEqual(lines);
    expect(status.customers).toBe(40);
    expect(status.products).toBe(4);
    const cube = await json('/api/v1/analytics/cube?rows=time.year&measure=orders');
    expect(cube.total).toBe(orders.length);
    const amount = await json('/api/v1/analytics/cube?rows=channel&measure=amount');
    expect(amount.total).toBeCloseTo(orders.reduce((sum, o) => sum + o.net, 0), 2);
  });

  it('answers and the status say when the derived figures were derived', async () => {
    const segments = await json('/api/v1/analytics/segments');
    expect(Date.parse(segments.derivedAt)).toBeGreaterThan(Date.now() - 120_000);
    const status = await json('/api/v1/analytics/status');
    expect(status).toMatchObject({ derivedAt: segments.derivedAt, derivedAsOf: segments.asOf, deriving: false, lastDeriveError: null });
  });

  it('a rebuild gives the same figures as the feed, and re-applying the whole outbox changes nothing', async () => {
    const fed = await figures();
    const lines = (await json('/api/v1/analytics/status')).orderLines;
    const rebuilt = await t.call({ method: 'POST', url: '/api/v1/analytics/rebuild' });
    expect(rebuilt.statusCode, rebuilt.body).toBe(200);
    await expectSummaryKept();
    expect(await figures()).toEqual(fed);
    // As after a crash before the watermark moved: every event again.
    await t.services.analytics.store.exclusive((db) => setMeta(db, 'last_event_seq', '0'));
    await t.services.analytics.feed.catchUp();
    await expectSummaryKept();
    expect(await figures()).toEqual(fed);
    expect((await json('/api/v1/analytics/status')).orderLines).toBe(lines);
  });

  it('a deleted order leaves the figures; restored, it is back', async () => {
    const before = await json('/api/v1/analytics/cube?rows=channel&measure=amount');
    const order = orders[7] as (typeof orders)[number];
    const deleted = await t.call({ method: 'DELETE', url: `/api/v1/orders/${order.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    await t.services.analytics.feed.catchUp();
    await expectSummaryKept();
    const after = await json('/api/v1/analytics/cube?rows=channel&measure=amount');
    expect(after.total).toBeCloseTo(before.total - order.net, 2);
    expect((await json('/api/v1/analytics/cube?rows=channel&measure=orders')).total).toBe(orders.length - 1);
    const restored = await t.call({ method: 'POST', url: `/api/v1/orders/${order.id}/restore` });
    expect(restored.statusCode, restored.body).toBe(200);
    await t.services.analytics.feed.catchUp();
    expect((await json('/api/v1/analytics/cube?rows=channel&measure=amount')).total).toBeCloseTo(before.total, 2);
  });
});

describe('merges move the purchase history', () => {
  it('after a merge the survivor holds both people’s orders; un-merged, each has their own again', async () => {
    const [survivor, merged] = [people[10], people[11]] as [(typeof people)[number], (typeof people)[number]];
    const ordersOf = (p: { id: string }) => orders.filter((o) => o.personId === p.id).length;
    const merge = await t.call({ method: 'POST', url: '/api/v1/identity/merges', payload: { survivorId: survivor.id, mergedId: merged.id } });
    expect(merge.statusCode, merge.body).toBe(201);
    await t.services.analytics.feed.catchUp();
    await expectSummaryKept();
    expect((await json(`/api/v1/analytics/people/${survivor.id}`)).orders).toBe(ordersOf(survivor) + ordersOf(merged));
    expect((await json('/api/v1/analytics/segments')).customers).toBe(39);
    const undo = await t.call({ method: 'POST', url: `/api/v1/identity/merges/${merge.json().id}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    await t.services.analytics.feed.catchUp();
    await expectSummaryKept();
    expect((await json(`/api/v1/analytics/people/${survivor.id}`)).orders).toBe(ordersOf(survivor));
    expect((await json(`/api/v1/analytics/people/${merged.id}`)).orders).toBe(ordersOf(merged));
    expect((await json('/api/v1/analytics/segments')).customers).toBe(40);
  });
});

describe('figures', () => {
  it('while too few customers have bought, CLV is null and the person page and the segments say why, as a code with its numbers', () => {
    const reason = { code: 'too-few-customers', model: 'bgnbd', customers: 5, minimum: 20 };
    expect(early?.person).toMatchObject({ orders: 4, clv: null, clvUnavailable: reason });
    const unavailable = early?.person.clvUnavailable as { attemptedAt: string; orderLines: number; message: string };
    expect(Date.parse(unavailable.attemptedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(unavailable.orderLines).toBe(early?.lines);
    expect(early?.lines).toBeGreaterThan(5);
    expect(unavailable.message).toContain('5 customers with purchases; a fit needs at least 20');
    expect(early?.segments).toMatchObject({ customers: 5, clvUnavailable: { ...reason, attemptedAt: unavailable.attemptedAt } });
  });

  it('per customer: RFM now and by month with changes flagged, CLV, value tier, cross-sell with its rule', async () => {
    const person = people.find((p) => p.index === 27) as (typeof people)[number]; // buys C but not D (27 % 9 = 0)
    const a = await json(`/api/v1/analytics/people/${person.id}`);
    expect(a.orders).toBe(1 + (27 % 6));
    expect(a.rfm.frequency).toBe(a.orders);
    expect(a.rfm.segment).toBeTypeOf('string');
    expect(a.history.length).toBeGreaterThan(1);
    expect(a.history.at(-1).frequency).toBe(a.orders);
    for (const [i, h] of a.history.entries()) if (i > 0) expect(h.segmentChanged).toBe(h.segment !== a.history[i - 1].segment);
    expect(a.clv.model).toBe('bgnbd');
    expect(a.clv.probabilityAlive).toBeGreaterThan(0);
    expect(a.clv.expectedPurchases365).toBeGreaterThan(a.clv.expectedPurchases90);
    expect(a.value.tier).toMatch(/high|medium|low|negative/);
    expect(a.value.revenue).toBeGreaterThan(0);
    expect(a.crossSell.map((s: { productId: string }) => s.productId)).toContain(products.D);
    const d = a.crossSell.find((s: { productId: string }) => s.productId === products.D);
    expect(d.because.map((b: { productId: string }) => b.productId)).toContain(products.C);
    expect(d.lift).toBeGreaterThan(1);
    const weekly = await json(`/api/v1/analytics/people/${person.id}?period=week&discountRate=0.02`);
    expect(weekly.history.length).toBeGreaterThan(a.history.length);
    expect(weekly.clv.discountRate).toBe(0.02);
    expect(weekly.clv.clv).toBeLessThan(a.clv.clv); // 2 % a month instead of 1 % discounts the same purchases more
    // Pareto/NBD is fitted on first request, within a time limit; on 40 customers it converges (it often did not
    // before the small-data work in models/shape-coordinates.math.ts).
    const pareto = await json(`/api/v1/analytics/people/${person.id}?model=pareto`);
    expect(pareto.clvUnavailable).toBeNull();
    expect(pareto.clv.model).toBe('pareto');
    expect(pareto.clv.probabilityAlive).toBeGreaterThan(0);
  });

  it('fits on the background connection: a person page waiting for its fit does not hold up other reads', async () => {
    // Hold the background connection: the person page's fit step waits for it, and must not hold the main one.
    let release: (() => void) | undefined;
    const held = t.services.analytics.store.background(() => new Promise<void>((resolve) => (release = resolve)));
    let personDone = false;
    const person = get(`/api/v1/analytics/people/${people[0]?.id}?model=pareto`).then((response) => {
      personDone = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await get('/api/v1/analytics/segments')).statusCode).toBe(200);
    expect(personDone).toBe(false);
    release?.();
    await held;
    const response = await person;
    expect(response.statusCode, response.body).toBe(200);
  });

  it('segments: distribution, value tiers and the migration matrix add up', async () => {
    const s = await json('/api/v1/analytics/segments');
    expect(s.customers).toBe(40);
    expect(s.segments.reduce((sum: number, x: { customers: number }) => sum + x.customers, 0)).toBe(40);
    expect(s.valueTiers.reduce((sum: number, x: { customers: number }) => sum + x.customers, 0)).toBe(40);
    expect(s.migration.cells.reduce((sum: number, x: { customers: number }) => sum + x.customers, 0)).toBe(40);
  });

  it('a segment’s customers: every one of them, a page at a time, highest monetary first, only the visible ones', async () => {
    const s = await json('/api/v1/analytics/segments');
    const biggest = [...s.segments].sort((a: { customers: number }, b: { customers: number }) => b.customers - a.customers)[0];
    const url = (cursor?: string) => `/api/v1/analytics/segments/${encodeURIComponent(biggest.segment)}/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const all = async (who?: string) => {
      const items: { customerId: string; monetary: number; ownerId: string; previousSegment: string | null }[] = [];
      let cursor: string | undefined;
      do {
        const page = await json(url(cursor), who);
        expect(page).toMatchObject({ segment: biggest.segment, currency: 'CNY', period: 'month' });
        expect(page.items.length).toBeLessThanOrEqual(2);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    };
    const items = await all();
    expect(items).toHaveLength(biggest.customers);
    expect(new Set(items.map((i) => i.customerId)).size).toBe(items.length);
    expect(items.reduce((sum, i) => sum + i.monetary, 0)).toBeCloseTo(biggest.monetary, 2);
    for (let i = 1; i < items.length; i++) expect((items[i] as { monetary: number }).monetary).toBeLessThanOrEqual((items[i - 1] as { monetary: number }).monetary);
    const mine = await all('s1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.ownerId === users.s1?.id)).toBe(true);
    expect(mine.length).toBe(items.filter((i) => i.ownerId === users.s1?.id).length);
    // An unknown segment and a cursor this API did not make are refused, naming the parameter.
    const bad = await get('/api/v1/analytics/segments/Sleepy/customers');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(bad))).toContain('segment');
    const cursor = await get(`/api/v1/analytics/segments/${encodeURIComponent(biggest.segment)}/customers?cursor=nonsense`);
    expect(cursor.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(cursor))).toContain('cursor');
  });

  it('cube: pivot cells add up to the totals, drill-down narrows to a province', async () => {
    const c = await json('/api/v1/analytics/cube?rows=region.province&columns=time.season&measure=amount');
    const cellSum = c.cells.reduce((sum: number, x: { value: number }) => sum + x.value, 0);
    expect(cellSum).toBeCloseTo(c.total, 2);
    for (const row of c.rowTotals) expect(c.cells.filter((x: { row: string }) => x.row === row.key).reduce((s: number, x: { value: number }) => s + x.value, 0)).toBeCloseTo(row.value, 2);
    expect(c.rowKeys.map((k: { key: string }) => k.key).sort()).toEqual(['广东省', '浙江省']);
    const drill = await json(`/api/v1/analytics/cube?rows=region.city&region.province=${encodeURIComponent('广东省')}&measure=customers`);
    expect(drill.rowKeys.map((k: { key: string }) => k.key).sort()).toEqual(['广州市', '深圳市']);
    expect(drill.total).toBe(20);
    const products_ = await json('/api/v1/analytics/cube?rows=product&measure=quantity');
    expect(products_.rowKeys.map((k: { label: string }) => k.label).sort()).toEqual(['泵 A', '泵 B', '阀 C', '阀 D']);
  });

  it('signals and the audience for a product are ranked and explained', async () => {
    const churn = await json('/api/v1/analytics/signals?kind=churn&limit=5');
    expect(churn.items.length).toBeLessThanOrEqual(5);
    for (const item of churn.items) expect(item.churn.length).toBeGreaterThan(0);
    const scores = churn.items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    const audience = await json(`/api/v1/analytics/products/${products.D}/audience`);
    expect(audience.rules).toBeGreaterThan(0);
    const expected = people.filter((p) => p.index % 9 === 0).map((p) => p.id).sort();
    expect(audience.items.map((i: { personId: string }) => i.personId).sort()).toEqual(expected);
    expect((await get('/api/v1/analytics/products/01900000-0000-7000-8000-00000000abcd/audience')).statusCode).toBe(404);
  });
});

describe('visibility', () => {
  it('each sales rep counts only their own customers; the two add up to the whole', async () => {
    const all = await json('/api/v1/analytics/cube?rows=owner&measure=amount');
    const s1 = await json('/api/v1/analytics/cube?rows=owner&measure=amount', 's1');
    const s2 = await json('/api/v1/analytics/cube?rows=owner&measure=amount', 's2');
    expect(s1.rowKeys.map((k: { key: string }) => k.key)).toEqual([users.s1?.id]);
    expect(s1.total + s2.total).toBeCloseTo(all.total, 2);
    expect(s1.total).not.toBeCloseTo(s2.total, 2);
    const seg1 = await json('/api/v1/analytics/segments', 's1');
    const seg2 = await json('/api/v1/analytics/segments', 's2');
    expect([seg1.customers, seg2.customers]).toEqual([20, 20]);
    const churn = await json('/api/v1/analytics/signals?kind=churn&limit=100', 's1');
    for (const item of churn.items) expect(item.ownerId).toBe(users.s1?.id);
    const audience = await json(`/api/v1/analytics/products/${products.D}/audience`, 's2');
    for (const item of audience.items) expect(people.find((p) => p.id === item.personId)?.owner).toBe('s2');
  });

  it('a role that hides addresses sees no provinces or cities in the cube', async () => {
    const user = await t.services.access.createUser(sys, { email: 'ro@example.com', displayName: 'ro', password: 'long enough password', roleKey: 'read_only' });
    const team = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: '只读组', parentId: null, managerId: users.s1?.id } })).json();
    for (const member of [user.id, users.s1?.id]) await t.call({ method: 'POST', url: `/api/v1/teams/${team.id}/members`, payload: { userId: member } });
    users.ro = { id: user.id, token: (await t.services.access.createApiTokenForEmail(user.email, 'test')).token };
    const cube = await json('/api/v1/analytics/cube?rows=region.province&measure=customers', 'ro');
    expect(cube.total).toBeGreaterThan(0);
    expect(cube.rowKeys.map((k: { key: string }) => k.key)).toEqual(['-']);
  });

  it('another rep’s customer is missing (404), until it is shared', async () => {
    const other = people.find((p) => p.owner === 's2') as (typeof people)[number];
    expect((await get(`/api/v1/analytics/people/${other.id}`, 's1')).statusCode).toBe(404);
    const share = await t.call({ method: 'POST', url: '/api/v1/shares', payload: { objectType: 'person', objectId: other.id, granteeType: 'user', granteeId: users.s1?.id, access: 'read' } });
    expect(share.statusCode, share.body).toBe(201);
    expect((await get(`/api/v1/analytics/people/${other.id}`, 's1')).statusCode).toBe(200);
    expect((await json('/api/v1/analytics/segments', 's1')).customers).toBe(21);
  });

  it('status and rebuild are for administrators; Parquet export needs the export permission', async () => {
    expect((await get('/api/v1/analytics/status', 's1')).statusCode).toBe(403);
    expect((await t.call({ method: 'POST', url: '/api/v1/analytics/rebuild', auth: users.s1?.token })).statusCode).toBe(403);
    expect((await get('/api/v1/analytics/export/order_lines', 's1')).statusCode).toBe(403);
    const file = await get('/api/v1/analytics/export/order_lines');
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
  });
});

describe('bad parameters are refused, naming the parameter', () => {
  it.each([
    ['/api/v1/analytics/cube?rows=region.street', 'rows'],
    ['/api/v1/analytics/cube?rows=channel&measure=profit', 'measure'],
    ['/api/v1/analytics/cube?rows=channel&columns=channel', 'columns'],
    ['/api/v1/analytics/cube?rows=channel&from=2025-02-30', 'from'],
    ['/api/v1/analytics/cube?rows=channel&colour=red', 'colour'],
    ['/api/v1/analytics/segments?period=year', 'period'],
    ['/api/v1/analytics/signals?kind=churn&limit=0', 'limit'],
    ['/api/v1/analytics/signals?kind=sadness', 'kind'],
    ['/api/v1/analytics/people/not-a-uuid', 'id'],
    ['/api/v1/analytics/export/secrets', 'table'],
  ])('%s → 400 naming %s', async (url, parameter) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.stringify(errorOf(response))).toContain(parameter);
  });

  it('a bad discount rate is refused, and figures already there stay', async () => {
    const person = people[0] as (typeof people)[number];
    expect((await get(`/api/v1/analytics/people/${person.id}?discountRate=abc`)).statusCode).toBe(400);
    expect((await get(`/api/v1/analytics/people/${person.id}?discountRate=1.5`)).statusCode).toBe(400);
    expect((await json('/api/v1/analytics/segments')).customers).toBe(40);
  });

  it('an order in another currency is left out of every money figure and counted, not added as yuan', async () => {
    const person = people[2] as (typeof people)[number]; // s1's, not shared with s2
    const cubeUrl = '/api/v1/analytics/cube?rows=channel&measure=amount';
    const [segments, cube, orderCount, profile] = [await json('/api/v1/analytics/segments'), await json(cubeUrl), await json('/api/v1/analytics/cube?rows=channel&measure=orders'), await json(`/api/v1/analytics/people/${person.id}`)];
    expect(segments).toMatchObject({ currency: 'CNY', excludedLines: 0 });
    expect(cube).toMatchObject({ currency: 'CNY', excludedLines: 0 });
    await t.services.commerce.orders.create(t.ctx, { personId: person.id, orderedOn: day(2), currency: 'USD', channel: 'online', lines: [{ productId: products.A, quantity: '1', unitPrice: '999.00' }, { productId: products.C, quantity: '2', unitPrice: '10.00' }] });
    await t.services.analytics.feed.catchUp();

    const after = await json('/api/v1/analytics/segments');
    expect(after).toMatchObject({ currency: 'CNY', excludedLines: 2, customers: segments.customers });
    expect(after.segments).toEqual(segments.segments);
    expect(await json(cubeUrl)).toMatchObject({ currency: 'CNY', excludedLines: 2, total: cube.total });
    // Counting measures count every line whatever its currency.
    expect(await json('/api/v1/analytics/cube?rows=channel&measure=orders')).toMatchObject({ currency: null, excludedLines: 0, total: orderCount.total + 1 });
    const now = await json(`/api/v1/analytics/people/${person.id}`);
    expect(now).toMatchObject({ currency: 'CNY', excludedLines: 2, orders: profile.orders, rfm: profile.rfm });
    expect(now.value.revenue).toBe(profile.value.revenue);
    // Another rep does not see this customer, nor learn of the excluded lines.
    expect((await json('/api/v1/analytics/segments', 's2')).excludedLines).toBe(0);
    expect((await json('/api/v1/analytics/segments', person.owner)).excludedLines).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let productId: string;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  productId = (await t.call({ method: 'POST', url: '/api/v1/products', payload: { sku: 'PL-1', name: '碧螺春 250g', listPrice: '198.00' } })).json().id;
});
afterAll(() => t.close());

describe('price lists', () => {
  it('lists them by name without their prices, with how many products each prices, and by currency', async () => {
    const post = async (payload: Record<string, unknown>) => {
      const response = await t.call({ method: 'POST', url: '/api/v1/price-lists', payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const dealer = await post({ name: '经销商价', items: [{ productId, unitPrice: '158.00' }] });
    const export_ = await post({ name: 'Export', currency: 'USD' });
    const all = await t.call({ method: 'GET', url: '/api/v1/price-lists' });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items).toEqual([
      { id: export_, name: 'Export', currency: 'USD', validFrom: null, validTo: null, itemCount: 0 },
      { id: dealer, name: '经销商价', currency: 'CNY', validFrom: null, validTo: null, itemCount: 1 },
    ]);
    expect((await t.call({ method: 'GET', url: '/api/v1/price-lists?currency=CNY' })).json().items.map((l: { id: string }) => l.id)).toEqual([dealer]);
    const bad = await t.call({ method: 'GET', url: '/api/v1/price-lists?currency=yuan' });
    expect(bad.statusCode).toBe(400);
    // A quote on the dealer list prices the product from it.
    const quote = await t.call({ method: 'POST', url: '/api/v1/quotes', payload: { priceListId: dealer, organisationId: (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '苏州茶行' } })).json().id, lines: [{ productId, quantity: '2' }] } });
    expect(quote.statusCode, quote.body).toBe(201);
    expect(quote.json()).toMatchObject({ priceListId: dealer, lines: [{ unitPrice: '158.0000' }] });
  });
});

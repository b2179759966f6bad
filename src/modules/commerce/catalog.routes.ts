/** /api/v1/product-categories, /products, /price-lists. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import { categoryCreateSchema, categorySchema, priceListCreateSchema, priceListQuerySchema, priceListSchema, priceListSummarySchema, productCreateSchema, productListQuerySchema, productPageSchema, productPatchSchema, productSchema } from './catalog.schema.ts';
import type { CommerceService } from './commerce.service.ts';
import { versionFromIfMatch } from './commerce.errors.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const tags = ['catalogue'];

export function catalogRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  const { catalog } = commerce;
  return async (app) => {
    // Any signed-in user reads the catalogue (products have no owner); changing it needs a role that may write products.
    defaultPolicy(app, 'user');
    app.get('/product-categories', { schema: { tags, summary: 'Product categories', response: { 200: z.object({ items: z.array(categorySchema) }) } } }, async (request) => ({ items: await catalog.listCategories(actorOf(request)) }));
    app.post('/product-categories', { schema: { tags, summary: 'Create a product category', body: categoryCreateSchema, response: { 201: categorySchema } } }, async (request, reply) => {
      const category = await catalog.createCategory(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/product-categories/${category.id}`).send(category);
    });
    app.get('/products', { schema: { tags, summary: 'List products (by SKU)', querystring: productListQuerySchema, response: { 200: productPageSchema } } }, async (request) => catalog.listProducts(actorOf(request), request.query));
    app.post('/products', { schema: { tags, summary: 'Create a product', body: productCreateSchema, response: { 201: productSchema } } }, async (request, reply) => {
      const product = await catalog.createProduct(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/products/${product.id}`).header('etag', `"${product.version}"`).send(product);
    });
    app.get('/products/:id', { schema: { tags, summary: 'One product', params: idParams, response: { 200: productSchema } } }, async (request, reply) => {
      const product = await catalog.getProduct(actorOf(request), request.params.id);
      return reply.header('etag', `"${product.version}"`).send(product);
    });
    app.patch('/products/:id', { schema: { tags, summary: 'Change a product', params: idParams, headers: ifMatch, body: productPatchSchema, response: { 200: productSchema } } }, async (request, reply) => {
      const product = await catalog.updateProduct(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${product.version}"`).send(product);
    });
    app.post('/price-lists', { schema: { tags, summary: 'Create a price list with per-product prices', body: priceListCreateSchema, response: { 201: priceListSchema } } }, async (request, reply) => {
      const list = await catalog.createPriceList(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/price-lists/${list.id}`).send(list);
    });
    app.get('/price-lists', { schema: { tags, summary: 'Price lists (without their prices), by name; at most 500', querystring: priceListQuerySchema, response: { 200: z.object({ items: z.array(priceListSummarySchema) }) } } }, async (request) => ({ items: await catalog.listPriceLists(actorOf(request), request.query) }));
    app.get('/price-lists/:id', { schema: { tags, summary: 'One price list', params: idParams, response: { 200: priceListSchema } } }, async (request) => catalog.getPriceList(actorOf(request), request.params.id));
  };
}

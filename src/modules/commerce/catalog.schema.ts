/** zod shapes of the catalogue: categories, products, price lists. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';
import { currency, percent, unitPrice } from './values.schema.ts';

export const categoryCreateSchema = z.strictObject({ name: text(100, 1), parentId: z.uuid().nullable().optional() }).meta({ id: 'CategoryCreate' });
export const categorySchema = z.object({ id: z.uuid(), name: z.string(), parentId: z.uuid().nullable() }).meta({ id: 'Category' });

const productFields = { sku: text(60, 1).regex(/^[A-Za-z0-9._\-/]+$/, 'letters, digits and . _ - /'), name: text(300, 1), categoryId: z.uuid().nullable().optional(), unit: text(20, 1).optional(), listPrice: unitPrice, currency: currency.default('CNY'), taxRate: percent.optional(), active: z.boolean().optional() };
export const productCreateSchema = z.strictObject(productFields).meta({ id: 'ProductCreate' });
export type ProductCreate = z.infer<typeof productCreateSchema>;
export const productPatchSchema = z
  .strictObject({ name: productFields.name.optional(), categoryId: productFields.categoryId, unit: productFields.unit, listPrice: unitPrice.optional(), taxRate: productFields.taxRate, active: productFields.active })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'ProductPatch' });
export type ProductPatch = z.infer<typeof productPatchSchema>;
export const productSchema = z
  .object({ id: z.uuid(), sku: z.string(), name: z.string(), categoryId: z.uuid().nullable(), unit: z.string(), listPrice: z.string(), currency: z.string(), taxRate: z.string(), active: z.boolean(), createdAt: z.string(), updatedAt: z.string(), version: z.number().int() })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;
export const productListQuerySchema = z.strictObject({ q: text(100).optional(), categoryId: z.uuid().optional(), active: z.enum(['true', 'false']).optional(), limit: limitParam, cursor: cursorParam });
export type ProductListQuery = z.infer<typeof productListQuerySchema>;
export const productPageSchema = pageOf(productSchema, 'ProductPage');

export const priceListCreateSchema = z
  .strictObject({ name: text(100, 1), currency: currency.default('CNY'), validFrom: isoDate.nullable().optional(), validTo: isoDate.nullable().optional(), items: z.array(z.strictObject({ productId: z.uuid(), unitPrice })).max(1000).default([]) })
  .meta({ id: 'PriceListCreate' });
export type PriceListCreate = z.infer<typeof priceListCreateSchema>;
export const priceListSchema = z
  .object({ id: z.uuid(), name: z.string(), currency: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable(), items: z.array(z.object({ productId: z.uuid(), unitPrice: z.string() })) })
  .meta({ id: 'PriceList' });

export const priceListQuerySchema = z.strictObject({ currency: currency.optional().describe('Only the lists in this currency') });
export const priceListSummarySchema = priceListSchema.omit({ items: true }).extend({ itemCount: z.number().int() }).meta({ id: 'PriceListSummary' });

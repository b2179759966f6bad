/** zod shapes of priced documents with lines — quotes and orders — and of the order-line purchase history. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';
import { currency, percent, quantity, unitPrice } from './values.schema.ts';

export const lineInputSchema = z
  .strictObject({
    productId: z.uuid().nullable().optional().describe('Catalogue product; its price (or the price list’s) and tax rate are the defaults'),
    description: text(500).optional(),
    quantity,
    unitPrice: unitPrice.optional(),
    discountPercent: percent.optional(),
    taxRate: percent.optional(),
  });
export type LineInputBody = z.infer<typeof lineInputSchema>;

export const lineSchema = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    productId: z.uuid().nullable(),
    description: z.string(),
    quantity: z.string(),
    unitPrice: z.string(),
    discountPercent: z.string(),
    taxRate: z.string(),
    grossAmount: z.string(),
    discountAmount: z.string(),
    netAmount: z.string(),
    taxAmount: z.string(),
    totalAmount: z.string(),
  })
  .meta({ id: 'Line' });

const totals = { subtotal: z.string(), discountTotal: z.string(), taxTotal: z.string(), total: z.string() };
const parties = { organisationId: z.uuid().nullable().optional(), personId: z.uuid().nullable().optional() };
/** Who a document belongs to (its customer's owner) and when it changed; deletedAt is null on every live document. */
export const docMeta = { ownerId: z.uuid().nullable().describe('The customer’s owner: who sees and changes the document'), createdAt: z.string(), updatedAt: z.string(), deletedAt: z.string().nullable() };

export const quoteCreateSchema = z
  .strictObject({ ...parties, opportunityId: z.uuid().nullable().optional().describe('The opportunity it is for (visible to you, yours to change, the same customer’s); its empty quoteId is filled in the same transaction'), priceListId: z.uuid().nullable().optional(), currency: currency.default('CNY'), validUntil: isoDate.nullable().optional(), notes: text(5000).nullable().optional(), number: text(40, 1).optional(), lines: z.array(lineInputSchema).min(1).max(200) })
  .meta({ id: 'QuoteCreate' });
export type QuoteCreate = z.infer<typeof quoteCreateSchema>;
export const quotePatchSchema = z
  .strictObject({ status: z.enum(['draft', 'sent', 'accepted', 'rejected', 'expired']).optional(), validUntil: isoDate.nullable().optional(), notes: text(5000).nullable().optional(), lines: z.array(lineInputSchema).min(1).max(200).optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'QuotePatch' });
export type QuotePatch = z.infer<typeof quotePatchSchema>;
export const quoteSchema = z
  .object({ id: z.uuid(), number: z.string(), organisationId: z.uuid().nullable(), personId: z.uuid().nullable(), opportunityId: z.uuid().nullable(), priceListId: z.uuid().nullable(), currency: z.string(), status: z.string(), validUntil: z.string().nullable(), notes: z.string().nullable(), ...totals, lines: z.array(lineSchema), ...docMeta, version: z.number().int() })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof quoteSchema>;

export const orderCreateSchema = z
  .strictObject({
    ...parties,
    number: text(60, 1).optional().describe('Your order number; unique — the key that makes imports idempotent'),
    contractId: z.uuid().nullable().optional(),
    quoteId: z.uuid().nullable().optional().describe('Copy the lines of this quote when no lines are given'),
    orderedOn: isoDate,
    channel: text(60).nullable().optional().describe('store, dealer, online, phone, direct…'),
    region: text(60).nullable().optional(),
    store: text(200).nullable().optional().describe('Store or dealer'),
    currency: currency.default('CNY'),
    lines: z.array(lineInputSchema).max(500).optional(),
  })
  .meta({ id: 'OrderCreate' });
export type OrderCreate = z.infer<typeof orderCreateSchema>;
export const orderSchema = z
  .object({ id: z.uuid(), number: z.string(), organisationId: z.uuid().nullable(), personId: z.uuid().nullable(), contractId: z.uuid().nullable(), quoteId: z.uuid().nullable(), orderedOn: z.string(), channel: z.string().nullable(), region: z.string().nullable(), store: z.string().nullable(), currency: z.string(), status: z.string(), source: z.string(), ...totals, lines: z.array(lineSchema), ...docMeta, version: z.number().int() })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;
export const orderPatchSchema = z
  .strictObject({
    orderedOn: isoDate.optional(),
    channel: orderCreateSchema.shape.channel,
    region: orderCreateSchema.shape.region,
    store: orderCreateSchema.shape.store,
    status: z.enum(['confirmed', 'delivered', 'cancelled']).optional().describe('confirmed → delivered | cancelled; delivered → confirmed; cancelled is final'),
    lines: z.array(lineInputSchema).min(1).max(500).optional().describe('Replaces every line; refused (409) once an invoice bills the order'),
  })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'OrderPatch' });
export type OrderPatch = z.infer<typeof orderPatchSchema>;

export const documentListQuerySchema = z.strictObject({ organisationId: z.uuid().optional(), personId: z.uuid().optional(), from: isoDate.optional(), to: isoDate.optional(), limit: limitParam, cursor: cursorParam });
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;
export const quotePageSchema = pageOf(quoteSchema, 'QuotePage');
export const orderPageSchema = pageOf(orderSchema, 'OrderPage');

export const orderLineHistorySchema = lineSchema.extend({ orderId: z.uuid(), sku: z.string().nullable(), organisationId: z.uuid().nullable(), personId: z.uuid().nullable(), orderedOn: z.string(), channel: z.string().nullable(), region: z.string().nullable(), store: z.string().nullable(), currency: z.string() }).meta({ id: 'OrderLine' });
export const orderLineQuerySchema = z.strictObject({ organisationId: z.uuid().optional(), personId: z.uuid().optional(), productId: z.uuid().optional(), channel: text(60).optional(), region: text(60).optional(), from: isoDate.optional(), to: isoDate.optional(), limit: limitParam, cursor: cursorParam });
export type OrderLineQuery = z.infer<typeof orderLineQuerySchema>;
export const orderLinePageSchema = pageOf(orderLineHistorySchema, 'OrderLinePage');

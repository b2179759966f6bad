/** zod shapes of contracts, receivables (instalments, payments, ageing) and payables. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';
import { currency, money, percent } from './values.schema.ts';
import { docMeta } from './document.schema.ts';

const contractFields = {
  number: text(60, 1).optional(),
  title: text(300, 1),
  organisationId: z.uuid().nullable().optional(),
  personId: z.uuid().nullable().optional(),
  opportunityId: z.uuid().nullable().optional().describe('The opportunity it is for (on create, default: the quote’s); checked like a quote’s, and its empty contractId is filled in the same transaction'),
  quoteId: z.uuid().nullable().optional(),
  value: money,
  currency: currency.default('CNY'),
  status: z.enum(['draft', 'active', 'expired', 'terminated']).optional(),
  signedOn: isoDate.nullable().optional(),
  startsOn: isoDate.nullable().optional(),
  endsOn: isoDate.nullable().optional(),
  renewalOn: isoDate.nullable().optional().describe('When to renew (a reminder date)'),
  warrantyEndsOn: isoDate.nullable().optional(),
  terms: text(50_000).nullable().optional(),
};
export const contractCreateSchema = z.strictObject(contractFields).meta({ id: 'ContractCreate' });
export type ContractCreate = z.infer<typeof contractCreateSchema>;
const { number: _n, organisationId: _o, personId: _p, currency: _c, ...patchable } = contractFields;
export const contractPatchSchema = z
  .strictObject({ ...patchable, title: contractFields.title.optional(), value: money.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'ContractPatch' });
export type ContractPatch = z.infer<typeof contractPatchSchema>;
export const contractSchema = z
  .object({
    id: z.uuid(), number: z.string(), title: z.string(), organisationId: z.uuid().nullable(), personId: z.uuid().nullable(), opportunityId: z.uuid().nullable(), quoteId: z.uuid().nullable(),
    value: z.string(), currency: z.string(), status: z.string(), signedOn: z.string().nullable(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), renewalOn: z.string().nullable(), warrantyEndsOn: z.string().nullable(), terms: z.string().nullable(),
    signedFile: z.object({ fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string() }).nullable(),
    ...docMeta, version: z.number().int(),
  })
  .meta({ id: 'Contract' });
export type Contract = z.infer<typeof contractSchema>;

export const receivableCreateSchema = z
  .strictObject({
    number: text(60, 1).optional().describe('Invoice number; default INV-yyyymmdd-xxxxxx'),
    orderId: z.uuid().nullable().optional().describe('Bill this order: its customer, currency and total are the defaults'),
    contractId: z.uuid().nullable().optional(),
    organisationId: z.uuid().nullable().optional(),
    personId: z.uuid().nullable().optional(),
    currency: currency.optional(),
    amount: money.optional(),
    issuedOn: isoDate,
    instalments: z.array(z.strictObject({ dueOn: isoDate, amount: money })).min(1).max(120).optional().describe('Default: one instalment due 30 days after issue; the amounts must add up to the amount'),
  })
  .meta({ id: 'ReceivableCreate' });
export type ReceivableCreate = z.infer<typeof receivableCreateSchema>;
export const paymentCreateSchema = z.strictObject({ paidOn: isoDate, amount: money, method: text(40).nullable().optional(), reference: text(100).nullable().optional() }).meta({ id: 'PaymentCreate' });
export type PaymentCreate = z.infer<typeof paymentCreateSchema>;
export const receivableSchema = z
  .object({
    id: z.uuid(), number: z.string(), orderId: z.uuid().nullable(), contractId: z.uuid().nullable(), organisationId: z.uuid().nullable(), personId: z.uuid().nullable(), currency: z.string(), amount: z.string(), paidAmount: z.string(), outstanding: z.string(), issuedOn: z.string(), status: z.string(),
    instalments: z.array(z.object({ position: z.number().int(), dueOn: z.string(), amount: z.string(), paidAmount: z.string() })),
    payments: z.array(z.object({ id: z.uuid(), paidOn: z.string(), amount: z.string(), method: z.string().nullable(), reference: z.string().nullable() })),
    ownerId: docMeta.ownerId,
    version: z.number().int(),
  })
  .meta({ id: 'Receivable' });
export type Receivable = z.infer<typeof receivableSchema>;
export const receivableListQuerySchema = z.strictObject({ organisationId: z.uuid().optional(), personId: z.uuid().optional(), status: z.enum(['open', 'paid', 'cancelled']).optional(), limit: limitParam, cursor: cursorParam });
export type ReceivableListQuery = z.infer<typeof receivableListQuerySchema>;
export const receivablePageSchema = pageOf(receivableSchema, 'ReceivablePage');
export const ageingQuerySchema = z.strictObject({ asOf: isoDate.optional().describe('Default today (UTC)'), organisationId: z.uuid().optional(), personId: z.uuid().optional() });
export const ageingSchema = z
  .object({ asOf: z.string(), rows: z.array(z.object({ currency: z.string(), notDue: z.string(), days1to30: z.string(), days31to60: z.string(), days61to90: z.string(), over90: z.string(), total: z.string() })) })
  .meta({ id: 'Ageing' });

export const payableCreateSchema = z
  .strictObject({
    kind: z.enum(['supplier', 'commission']),
    partnerOrganisationId: z.uuid(),
    orderId: z.uuid().nullable().optional(),
    description: text(500, 1),
    currency: currency.optional(),
    amount: money.optional(),
    commissionPercent: percent.optional().describe('For a commission on orderId: the amount is this per cent of the order total, rounded half-up'),
    dueOn: isoDate.nullable().optional(),
  })
  .meta({ id: 'PayableCreate' });
export type PayableCreate = z.infer<typeof payableCreateSchema>;
export const payablePatchSchema = z.strictObject({ status: z.enum(['open', 'paid', 'cancelled']), paidOn: isoDate.nullable().optional() }).meta({ id: 'PayablePatch' });
export const payableSchema = z
  .object({ id: z.uuid(), kind: z.string(), partnerOrganisationId: z.uuid(), orderId: z.uuid().nullable(), description: z.string(), currency: z.string(), amount: z.string(), dueOn: z.string().nullable(), paidOn: z.string().nullable(), status: z.string(), ownerId: docMeta.ownerId, version: z.number().int() })
  .meta({ id: 'Payable' });
export const payableListQuerySchema = z.strictObject({ partnerOrganisationId: z.uuid().optional(), kind: z.enum(['supplier', 'commission']).optional(), status: z.enum(['open', 'paid', 'cancelled']).optional(), limit: limitParam, cursor: cursorParam });
export const payablePageSchema = pageOf(payableSchema, 'PayablePage');

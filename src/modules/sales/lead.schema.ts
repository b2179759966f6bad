/** zod shapes of a lead and of its conversion. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';
import { currencyCode, moneyInput } from './money.schema.ts';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;

const fields = {
  name: text(200, 1).describe('The person'),
  company: text(300).nullable().optional(),
  title: text(200).nullable().optional(),
  phone: text(40).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  source: text(100).nullable().optional(),
  industry: text(100).nullable().optional(),
  province: text(60).nullable().optional(),
  city: text(60).nullable().optional(),
  estimatedValue: moneyInput.nullable().optional(),
  currency: currencyCode.nullable().optional(),
  notes: text(10_000).nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
};

export const leadCreateSchema = z.strictObject(fields).meta({ id: 'LeadCreate' });
export type LeadCreate = z.infer<typeof leadCreateSchema>;

export const leadPatchSchema = z
  .strictObject({ ...fields, name: fields.name.optional(), status: z.enum(['new', 'contacted', 'qualified', 'unqualified']).optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'LeadPatch' });
export type LeadPatch = z.infer<typeof leadPatchSchema>;

export const leadSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    source: z.string().nullable(),
    industry: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    estimatedValue: z.string().nullable(),
    currency: z.string().nullable(),
    notes: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    score: z.number().int(),
    grade: z.enum(['A', 'B', 'C', 'D']),
    ownerId: z.uuid().nullable(),
    convertedPersonId: z.uuid().nullable(),
    convertedOrganisationId: z.uuid().nullable(),
    convertedOpportunityId: z.uuid().nullable(),
    convertedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof leadSchema>;

export const leadConvertSchema = z
  .strictObject({
    personId: z.uuid().optional().describe('Link to this existing person instead of creating one'),
    organisationId: z.uuid().optional().describe('Link to this existing organisation instead of creating one from the company'),
    createOrganisation: z.boolean().default(true).describe('Create the organisation from the company name when none is given'),
    opportunity: z
      .strictObject({ name: text(300, 1).optional(), pipeline: text(60).optional(), amount: moneyInput.nullable().optional(), currency: currencyCode.optional(), expectedCloseOn: isoDate.nullable().optional() })
      .nullable()
      .optional()
      .describe('The opportunity to open; null for none. Default: one on the sales pipeline for the estimated value'),
  })
  .meta({ id: 'LeadConversion' });
export type LeadConvert = z.infer<typeof leadConvertSchema>;

export const leadListQuerySchema = z.strictObject({
  status: z.enum(LEAD_STATUSES).optional(),
  grade: z.enum(['A', 'B', 'C', 'D']).optional(),
  ownerId: z.uuid().optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;
export const leadPageSchema = pageOf(leadSchema, 'LeadPage');

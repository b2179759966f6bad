/** zod shapes of an organisation. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, repeated, text } from '../../kernel/schema.ts';
import { addressInput, addressSchema, emailInput, emailSchema, phoneInput, phoneSchema, relationshipTypes, tags, RELATIONSHIP_TYPES } from './contact.schema.ts';
import { customValuesInput } from './custom-field.schema.ts';

const organisationFields = {
  name: text(300, 1),
  legalName: text(300).nullable().optional(),
  industryCode: text(20).regex(/^[A-Za-z0-9.\-]*$/, 'letters, digits, dots and dashes (GB/T 4754 or NAICS code)').nullable().optional(),
  relationshipTypes: relationshipTypes.optional(),
  ownerId: z.uuid().nullable().optional(),
  source: text(100).nullable().optional(),
  tags: tags.optional(),
  phones: z.array(phoneInput).max(20).optional(),
  emails: z.array(emailInput).max(20).optional(),
  website: text(300).nullable().optional(),
  address: addressInput.nullable().optional(),
  notes: text(10_000).nullable().optional(),
  custom: customValuesInput.optional(),
};

export const organisationCreateSchema = z.strictObject(organisationFields).meta({ id: 'OrganisationCreate' });
export type OrganisationCreate = z.infer<typeof organisationCreateSchema>;

export const organisationPatchSchema = z
  .strictObject({ ...organisationFields, name: organisationFields.name.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'OrganisationPatch' });
export type OrganisationPatch = z.infer<typeof organisationPatchSchema>;

export const organisationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    namePinyin: z.string(),
    legalName: z.string().nullable(),
    industryCode: z.string().nullable(),
    relationshipTypes: z.array(z.enum(RELATIONSHIP_TYPES)),
    ownerId: z.uuid().nullable(),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    phones: z.array(phoneSchema),
    emails: z.array(emailSchema),
    website: z.string().nullable(),
    address: addressSchema.nullable(),
    notes: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    deletedAt: z.string().nullable(),
    restrictedFields: z.record(z.string(), z.enum(['masked', 'hidden'])).describe('Fields your role sees masked or not at all'),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof organisationSchema>;

export const ORGANISATION_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const organisationListQuerySchema = z.strictObject({
  q: text(100).optional(),
  ownerId: z.uuid().optional(),
  tag: repeated(text(50, 1)),
  relationshipType: z.enum(RELATIONSHIP_TYPES).optional(),
  industryCode: text(20).optional(),
  province: text(60).optional(),
  city: text(60).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  cf: repeated(text(300, 3)),
  sort: z.string().max(80).regex(/^-?([a-zA-Z]+|custom\.[a-z][a-z0-9_]{0,62})$/).default('name'),
  includeDeleted: z.enum(['true', 'false']).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type OrganisationListQuery = z.infer<typeof organisationListQuerySchema>;

export const organisationPageSchema = pageOf(organisationSchema, 'OrganisationPage');

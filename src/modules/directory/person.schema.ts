/** zod shapes of a person: create, patch, output and list query. */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, repeated, text } from '../../kernel/schema.ts';
import { addressInput, addressSchema, emailInput, emailSchema, phoneInput, phoneSchema, relationshipTypes, tags, RELATIONSHIP_TYPES } from './contact.schema.ts';
import { customValuesInput } from './custom-field.schema.ts';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;

const personFields = {
  name: text(200, 1).describe('In any script: 张伟, 張偉, Wei Zhang'),
  gender: z.enum(GENDERS).nullable().optional(),
  birthday: isoDate.nullable().optional(),
  phones: z.array(phoneInput).max(20).optional(),
  emails: z.array(emailInput).max(20).optional(),
  wechatId: text(100).nullable().optional(),
  addresses: z.array(addressInput).max(10).optional(),
  relationshipTypes: relationshipTypes.optional(),
  ownerId: z.uuid().nullable().optional(),
  source: text(100).nullable().optional(),
  tags: tags.optional(),
  notes: text(10_000).nullable().optional(),
  custom: customValuesInput.optional(),
};

export const personCreateSchema = z.strictObject(personFields).meta({ id: 'PersonCreate' });
export type PersonCreate = z.infer<typeof personCreateSchema>;

export const personPatchSchema = z
  .strictObject({ ...personFields, name: personFields.name.optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'PersonPatch' });
export type PersonPatch = z.infer<typeof personPatchSchema>;

export const personSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    namePinyin: z.string().describe('Full pinyin, e.g. zhangwei'),
    nameInitials: z.string().describe('Pinyin initials, e.g. zw'),
    gender: z.enum(GENDERS).nullable(),
    birthday: z.string().nullable(),
    phones: z.array(phoneSchema),
    emails: z.array(emailSchema),
    wechatId: z.string().nullable(),
    addresses: z.array(addressSchema),
    relationshipTypes: z.array(z.enum(RELATIONSHIP_TYPES)),
    ownerId: z.uuid().nullable(),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    deletedAt: z.string().nullable(),
    restrictedFields: z.record(z.string(), z.enum(['masked', 'hidden'])).describe('Fields your role sees masked or not at all'),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;

export const PERSON_SORTS = ['name', 'createdAt', 'updatedAt', 'birthday'] as const;

export const personListQuerySchema = z.strictObject({
  q: text(100).optional().describe('Name (any part, 简/繁), pinyin or initials, phone digits, or e-mail'),
  ownerId: z.uuid().optional(),
  tag: repeated(text(50, 1)),
  relationshipType: z.enum(RELATIONSHIP_TYPES).optional(),
  source: text(100).optional(),
  gender: z.enum(GENDERS).optional(),
  province: text(60).optional(),
  city: text(60).optional(),
  organisationId: z.uuid().optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  cf: repeated(text(300, 3)).describe('Custom-field filter key:op:value, op one of eq ne gt gte lt lte contains; repeatable'),
  sort: z
    .string()
    .max(80)
    .regex(/^-?([a-zA-Z]+|custom\.[a-z][a-z0-9_]{0,62})$/, 'sort by name, createdAt, updatedAt, birthday or custom.<key>, with - for descending')
    .default('name'),
  includeDeleted: z.enum(['true', 'false']).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type PersonListQuery = z.infer<typeof personListQuerySchema>;

export const personPageSchema = pageOf(personSchema, 'PersonPage');

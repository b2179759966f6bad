/** Memberships (person ↔ organisation), family members and key dates. */
import { z } from 'zod';
import { isoDate, text } from '../../kernel/schema.ts';
import { GENDERS } from './person.schema.ts';

export const membershipCreateSchema = z
  .strictObject({
    organisationId: z.uuid(),
    title: text(200).nullable().optional().describe('职位, e.g. 采购经理'),
    role: z.enum(['decision_maker', 'influencer', 'buyer', 'user', 'technical', 'finance', 'other']).nullable().optional(),
    isPrimary: z.boolean().optional(),
    startedOn: isoDate.nullable().optional(),
    endedOn: isoDate.nullable().optional(),
  })
  .refine((v) => !v.startedOn || !v.endedOn || v.startedOn <= v.endedOn, { path: ['endedOn'], message: 'must not be before startedOn' })
  .meta({ id: 'MembershipCreate' });

export const membershipSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    organisationId: z.uuid(),
    personName: z.string(),
    organisationName: z.string(),
    title: z.string().nullable(),
    role: z.string().nullable(),
    isPrimary: z.boolean(),
    startedOn: z.string().nullable(),
    endedOn: z.string().nullable(),
  })
  .meta({ id: 'Membership' });
export type Membership = z.infer<typeof membershipSchema>;

export const FAMILY_RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;

export const familyMemberCreateSchema = z
  .strictObject({
    name: text(200, 1),
    relation: z.enum(FAMILY_RELATIONS),
    gender: z.enum(GENDERS).nullable().optional(),
    birthday: isoDate.nullable().optional(),
    relatedPersonId: z.uuid().nullable().optional().describe('When the family member is also a person in the directory'),
    notes: text(2000).nullable().optional(),
  })
  .meta({ id: 'FamilyMemberCreate' });

export const familyMemberSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    name: z.string(),
    relation: z.enum(FAMILY_RELATIONS),
    gender: z.string().nullable(),
    birthday: z.string().nullable(),
    relatedPersonId: z.uuid().nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'FamilyMember' });
export type FamilyMember = z.infer<typeof familyMemberSchema>;

export const KEY_DATE_KINDS = ['birthday', 'anniversary', 'wedding', 'contract_start', 'contract_end', 'renewal', 'warranty_end', 'founding', 'other'] as const;

export const keyDateCreateSchema = z
  .strictObject({
    personId: z.uuid().optional(),
    organisationId: z.uuid().optional(),
    kind: z.enum(KEY_DATE_KINDS),
    label: text(200).nullable().optional(),
    date: isoDate,
    recurring: z.boolean().optional().describe('Comes back every year (anniversaries); false for one-off dates'),
  })
  .refine((v) => Boolean(v.personId) !== Boolean(v.organisationId), { path: ['personId'], message: 'give exactly one of personId or organisationId' })
  .meta({ id: 'KeyDateCreate' });

export const keyDateSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid().nullable(),
    organisationId: z.uuid().nullable(),
    kind: z.enum(KEY_DATE_KINDS),
    label: z.string().nullable(),
    date: z.string(),
    recurring: z.boolean(),
    nextOccurrence: z.string().nullable().describe('Next date it falls on, from today (recurring dates)'),
  })
  .meta({ id: 'KeyDate' });
export type KeyDate = z.infer<typeof keyDateSchema>;

export const keyDateListQuerySchema = z.strictObject({
  personId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  upcomingDays: z.coerce.number().int().min(1).max(366).optional().describe('Only dates whose next occurrence is within this many days'),
});

/** Phones, e-mails and addresses as people and organisations share them. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const RELATIONSHIP_TYPES = ['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const;
export const relationshipTypes = z.array(z.enum(RELATIONSHIP_TYPES)).max(6);

export const tags = z.array(text(50, 1)).max(50);

export const phoneInput = z.strictObject({
  number: text(50, 1).describe('As written: 138 0013 8000, +86-10-6552-9988, (010) 6552 9988…'),
  label: z.enum(['mobile', 'work', 'home', 'fax', 'other']).optional(),
});
export const phoneSchema = z
  .object({
    e164: z.string(),
    original: z.string(),
    kind: z.enum(['mobile', 'landline', 'other']),
    label: z.enum(['mobile', 'work', 'home', 'fax', 'other']).nullable(),
  })
  .meta({ id: 'Phone' });
export type Phone = z.infer<typeof phoneSchema>;

export const emailInput = z.strictObject({
  address: z.string().trim().max(254).email().transform((value) => value.toLowerCase()),
  label: z.enum(['work', 'personal', 'other']).optional(),
});
export const emailSchema = z.object({ address: z.string(), label: z.enum(['work', 'personal', 'other']).nullable() }).meta({ id: 'Email' });
export type Email = z.infer<typeof emailSchema>;

const addressFields = {
  country: text(60).optional(),
  province: text(60).optional(),
  city: text(60).optional(),
  district: text(60).optional(),
  street: text(200).optional(),
  detail: text(200).optional(),
  postalCode: text(20).optional(),
  raw: text(500).optional().describe('The address as written; kept beside the structured parts'),
  label: z.enum(['home', 'work', 'billing', 'shipping', 'other']).optional(),
};
export const addressInput = z.strictObject(addressFields);
export const addressSchema = z
  .object({
    country: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    district: z.string().nullable(),
    street: z.string().nullable(),
    detail: z.string().nullable(),
    postalCode: z.string().nullable(),
    raw: z.string().nullable(),
    label: z.string().nullable(),
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof addressSchema>;

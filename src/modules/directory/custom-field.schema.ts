/** Custom fields: definitions per object type, and the loose shape of values before they meet a definition. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi_select', 'boolean', 'money', 'reference'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const OBJECT_TYPES = ['person', 'organisation'] as const;

const label = z
  .strictObject({ en: text(100).optional(), 'zh-CN': text(100).optional(), 'zh-TW': text(100).optional() })
  .refine((value) => Object.values(value).some((v) => v), 'give the label in at least one language');

export const customFieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter');

const option = z.strictObject({ value: text(100, 1), label: label.optional() });

export const customFieldCreateSchema = z
  .strictObject({
    objectType: z.enum(OBJECT_TYPES),
    key: customFieldKey,
    label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(option).max(200).optional(),
    referenceType: z.enum(OBJECT_TYPES).optional(),
    required: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const choice = value.type === 'select' || value.type === 'multi_select';
    if (choice && (!value.options || value.options.length === 0)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if (!choice && value.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${value.type} field has no options` });
    if (value.type === 'reference' && !value.referenceType) ctx.addIssue({ code: 'custom', path: ['referenceType'], message: 'a reference field needs referenceType' });
    const values = (value.options ?? []).map((o) => o.value);
    if (new Set(values).size !== values.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option values must be unique' });
  })
  .meta({ id: 'CustomFieldCreate' });
export type CustomFieldCreate = z.infer<typeof customFieldCreateSchema>;

export const customFieldPatchSchema = z
  .strictObject({ label: label.optional(), options: z.array(option).max(200).optional(), required: z.boolean().optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'CustomFieldPatch' });

export const customFieldSchema = z
  .object({
    id: z.uuid(),
    objectType: z.enum(OBJECT_TYPES),
    key: z.string(),
    label: z.record(z.string(), z.string()),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.object({ value: z.string(), label: z.record(z.string(), z.string()).optional() })),
    referenceType: z.enum(OBJECT_TYPES).nullable(),
    required: z.boolean(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.infer<typeof customFieldSchema>;

/** Values arrive loose (key → anything) and are checked against the tenant's definitions by the service. */
export const customValuesInput = z
  .record(customFieldKey, z.unknown())
  .refine((value) => Object.keys(value).length <= 100, 'at most 100 custom fields')
  .describe('Custom field values by key; null clears a value');

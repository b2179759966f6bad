/**
 * Between a Person from the API and the edit form: form values, the create/patch payload, the per-field diff
 * (a PATCH sends only what the user changed, so a conflict concerns only those fields) and error paths.
 */
import { personCreateSchema } from '../../../../../src/modules/directory/person.schema.ts';
import type { Person, PersonCreate } from '../../../api/client.ts';

type PhoneLabel = 'mobile' | 'work' | 'home' | 'fax' | 'other';
type EmailLabel = 'work' | 'personal' | 'other';

export type PersonFormValues = {
  name: string;
  gender?: Person['gender'];
  birthday?: string;
  phones?: Array<{ number?: string; label?: PhoneLabel }>;
  emails?: Array<{ address?: string; label?: EmailLabel }>;
  wechatId?: string;
  relationshipTypes?: Person['relationshipTypes'];
  ownerId?: string | null;
  source?: string;
  tags?: string[];
  address?: { province?: string; city?: string; district?: string; detail?: string };
  notes?: string;
  custom?: Record<string, unknown>;
};

/** The fields a user edits; each is compared and merged as a whole. */
export const EDITABLE_FIELDS = ['name', 'gender', 'birthday', 'phones', 'emails', 'wechatId', 'relationshipTypes', 'ownerId', 'source', 'tags', 'addresses', 'notes', 'custom'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;

export function toFormValues(person: Person): PersonFormValues {
  const first = person.addresses[0];
  return {
    name: person.name,
    gender: person.gender,
    birthday: person.birthday ?? undefined,
    phones: person.phones.map((p) => ({ number: p.original, label: p.label ?? undefined })),
    emails: person.emails.map((e) => ({ address: e.address, label: e.label ?? undefined })),
    wechatId: person.wechatId ?? undefined,
    relationshipTypes: person.relationshipTypes,
    ownerId: person.ownerId,
    source: person.source ?? undefined,
    tags: person.tags,
    address: first ? { province: first.province ?? undefined, city: first.city ?? undefined, district: first.district ?? undefined, detail: first.detail ?? undefined } : {},
    notes: person.notes ?? undefined,
    custom: person.custom,
  };
}

/** The form's values as the API wants them; `existing` keeps addresses beyond the first, which the form does not show. */
export function toPayload(values: PersonFormValues, existing?: Person): PersonCreate {
  const address = defined({ ...values.address });
  const others = (existing?.addresses.slice(1) ?? []).map((a) => defined({ ...a }) as NonNullable<PersonCreate['addresses']>[number]);
  const first = existing?.addresses[0];
  return {
    name: values.name?.trim() ?? '',
    gender: values.gender ?? null,
    birthday: values.birthday || null,
    phones: (values.phones ?? []).filter((p) => p.number?.trim()).map((p) => defined({ number: p.number?.trim() ?? '', label: p.label })),
    emails: (values.emails ?? []).filter((e) => e.address?.trim()).map((e) => defined({ address: e.address?.trim() ?? '', label: e.label })),
    wechatId: values.wechatId?.trim() || null,
    relationshipTypes: values.relationshipTypes ?? [],
    ownerId: values.ownerId ?? null,
    source: values.source?.trim() || null,
    tags: values.tags ?? [],
    addresses: [...(Object.keys(address).length > 0 ? [{ ...defined({ ...first, raw: undefined }), ...address }] : []), ...others] as PersonCreate['addresses'],
    notes: values.notes?.trim() || null,
    custom: Object.fromEntries(Object.entries(values.custom ?? {}).filter(([, v]) => v !== undefined && v !== '' && !isEmptyMoney(v))),
  };
}

// A money input left blank still carries its currency selector's default.
const isEmptyMoney = (v: unknown) => typeof v === 'object' && v !== null && 'currency' in v && !(v as { amount?: unknown }).amount;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose payload differs from the person's. */
export function changedFields(payload: PersonCreate, person: Person): EditableField[] {
  const before = toPayload(toFormValues(person), person);
  return EDITABLE_FIELDS.filter((field) => !same(payload[field], before[field]));
}

export type FieldError = { name: Array<string | number>; code: string; message: string };

/** `phones.0.number` → ['phones', 0, 'number']; addresses map onto the form's single address block. */
export function formPath(field: string): Array<string | number> {
  const parts: Array<string | number> = field.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'addresses') return ['address', ...parts.slice(2)];
  return parts;
}

/** Client-side check with the server's own zod schema, so both sides agree on what is valid. */
export function validate(payload: PersonCreate): FieldError[] {
  const result = personCreateSchema.safeParse(payload);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ name: formPath(issue.path.map(String).join('.')), code: issue.code, message: issue.message }));
}

/**
 * Field-level permissions for directory records: masking on the way out, and the guard that keeps masked or
 * hidden fields out of search terms, filters and sort orders (each could otherwise reveal the value).
 */
import { fieldRule, type AccessScope, type FieldRule } from '../../kernel/access-scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { maskBirthday, maskDigits, maskEmail, maskText } from '../../kernel/masking.ts';
import type { Address, Email, Phone } from './contact.schema.ts';
import type { TermField } from './search-terms.ts';

export type Restricted = Record<string, 'masked' | 'hidden'>;

type Maskable = {
  phones: Phone[];
  emails: Email[];
  birthday?: string | null;
  addresses?: Address[];
  address?: Address | null;
  wechatId?: string | null;
};

const maskAddress = (a: Address): Address => ({ ...a, district: null, street: null, detail: null, postalCode: null, raw: null });

export function restrictedFields(scope: AccessScope | undefined, objectType: 'person' | 'organisation', fields: string[]): Restricted {
  const out: Restricted = {};
  for (const field of fields) {
    const rule: FieldRule = fieldRule(scope, objectType, field);
    if (rule !== 'visible') out[field] = rule;
  }
  return out;
}

/** Applies masking/hiding to a record about to leave the server; `restrictedFields` tells the client why. */
export function applyFieldRules<T extends Maskable>(record: T, scope: AccessScope | undefined, objectType: 'person' | 'organisation'): T & { restrictedFields: Restricted } {
  const restricted = restrictedFields(scope, objectType, ['phones', 'emails', 'birthday', 'addresses', 'address', 'wechatId']);
  const out: T & { restrictedFields: Restricted } = { ...record, restrictedFields: restricted };
  for (const [field, rule] of Object.entries(restricted)) {
    const hide = rule === 'hidden';
    if (field === 'phones') out.phones = hide ? [] : record.phones.map((p) => ({ ...p, e164: maskDigits(p.e164), original: maskDigits(p.original) }));
    if (field === 'emails') out.emails = hide ? [] : record.emails.map((e) => ({ ...e, address: maskEmail(e.address) }));
    if (field === 'birthday' && record.birthday !== undefined) out.birthday = hide || !record.birthday ? null : maskBirthday(record.birthday);
    if (field === 'addresses' && record.addresses) out.addresses = hide ? [] : record.addresses.map(maskAddress);
    if (field === 'address' && record.address !== undefined) out.address = hide || !record.address ? null : maskAddress(record.address);
    if (field === 'wechatId' && record.wechatId !== undefined) out.wechatId = hide || !record.wechatId ? null : maskText(record.wechatId);
  }
  return out;
}

/** The kinds of search term this actor may match on: a masked phone must not be findable by its digits. */
export function searchableFields(scope: AccessScope | undefined, objectType: 'person' | 'organisation'): TermField[] {
  const fields: TermField[] = ['name'];
  if (fieldRule(scope, objectType, 'phones') === 'visible') fields.push('phone');
  if (fieldRule(scope, objectType, 'emails') === 'visible') fields.push('email');
  if (fieldRule(scope, objectType, 'wechatId') === 'visible') fields.push('wechat');
  return fields;
}

/** Refuses a filter, sort or change that touches a field the actor may not see in full. */
export function requireVisible(scope: AccessScope | undefined, objectType: 'person' | 'organisation', field: string, use: string): void {
  if (fieldRule(scope, objectType, field) !== 'visible') {
    throw new AppError('forbidden', 'ACCESS.FIELD_RESTRICTED', `${use}: your role may not see ${field} in full`, { field });
  }
}

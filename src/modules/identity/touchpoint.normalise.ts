/**
 * One incoming record (import row, API call, web form, dealer feed) → its normalised fields, the matcher's view of
 * it and the directory's person input. Normalisation reuses the kernel (the same code the matcher's columns call),
 * so that what is stored is what was compared. Problems are reported per field, never thrown.
 */
import type { PersonCreate } from '../directory/index.ts';
import { parseChineseAddress } from '../../kernel/chinese/address.ts';
import { normalisePhone, type PhoneKind } from '../../kernel/chinese/phone.ts';
import { formatIsoDate, parseDate } from '../../kernel/dates.ts';
import type { RawRecord } from './matcher/model.types.ts';
import { TOUCHPOINT_FIELDS, type NormalisedTouchpoint, type TouchpointField, type TouchpointInput } from './touchpoint.types.ts';

export { TOUCHPOINT_FIELDS, type NormalisedTouchpoint, type TouchpointField, type TouchpointInput };

export type FieldProblem = { field: TouchpointField; reason: string };

// Most numbers are Chinese mobiles: recognised without libphonenumber (the matcher's own fast path does the same).
const CN_MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
function parsePhone(text: string, region: string): { e164: string; kind: PhoneKind } | null {
  const mobile = region === 'CN' ? CN_MOBILE.exec(text.replace(/[\s\-().]/g, '')) : null;
  if (mobile) return { e164: `+86${mobile[1] ?? ''}`, kind: 'mobile' };
  return normalisePhone(text, region);
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const GENDER: Record<string, NormalisedTouchpoint['gender']> = {
  男: 'male', m: 'male', male: 'male', 先生: 'male', 女: 'female', f: 'female', female: 'female', 女士: 'female', 其他: 'other', other: 'other', 未知: 'unknown', unknown: 'unknown',
};
const LIMITS: Record<TouchpointField, number> = { name: 200, mobile: 100, phone: 100, email: 254, address: 500, company: 200, birthDate: 40, gender: 20, wechat: 100 };

export function normaliseTouchpoint(input: TouchpointInput, phoneRegion: string): { value: NormalisedTouchpoint; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (field: TouchpointField): string => {
    const value = (input[field] ?? '').normalize('NFKC').trim();
    if (value.includes('\u0000')) problems.push({ field, reason: 'contains a NUL character' });
    if (value.length > LIMITS[field]) problems.push({ field, reason: `longer than ${LIMITS[field]} characters` });
    return value;
  };
  const name = get('name').replace(/\s+/g, ' ');
  if (!name) problems.push({ field: 'name', reason: 'is empty' });
  const phones: NormalisedTouchpoint['phones'] = [];
  for (const field of ['mobile', 'phone'] as const) {
    for (const piece of get(field).split(/[;,/|、；，]+/)) {
      const original = piece.trim();
      if (!original) continue;
      const parsed = parsePhone(original, phoneRegion);
      if (!parsed) problems.push({ field, reason: `"${original.slice(0, 40)}" is not a phone number` });
      else if (!phones.some((p) => p.e164 === parsed.e164)) phones.push({ e164: parsed.e164, kind: parsed.kind, original });
    }
  }
  const emails: string[] = [];
  for (const piece of get('email').split(/[;,\s；，]+/)) {
    const email = piece.toLowerCase();
    if (!email) continue;
    if (!EMAIL.test(email)) problems.push({ field: 'email', reason: `"${email.slice(0, 60)}" is not an e-mail address` });
    else if (!emails.includes(email)) emails.push(email);
  }
  const addressText = get('address');
  const birthText = get('birthDate');
  let birthDate: string | null = null;
  if (birthText) {
    const parsed = parseDate(birthText);
    if (!parsed) problems.push({ field: 'birthDate', reason: `"${birthText.slice(0, 40)}" is not a date` });
    else birthDate = formatIsoDate(parsed);
  }
  const genderText = get('gender').toLowerCase();
  const gender = genderText ? GENDER[genderText] : null;
  if (gender === undefined) problems.push({ field: 'gender', reason: `"${genderText.slice(0, 20)}" is not 男/女/male/female/other` });
  const company = get('company') || null;
  const wechatId = get('wechat') || null;
  return {
    value: { name, phones, emails, address: addressText ? { ...parseChineseAddress(addressText), raw: addressText } : null, birthDate, gender: gender ?? null, company, wechatId },
    problems,
  };
}

/** The matcher's record (chinesePersonSpec columns). */
export function matcherRecord(value: NormalisedTouchpoint): RawRecord {
  return {
    name: value.name,
    phone: value.phones.map((p) => p.e164).join(';'),
    email: value.emails[0] ?? '',
    address: value.address?.raw ?? '',
    birth_date: value.birthDate ?? '',
    company: value.company ?? '',
  };
}

/** What the directory is asked to create for a record that matches nobody. */
export function personInput(value: NormalisedTouchpoint, source: string): PersonCreate {
  const a = value.address;
  return {
    name: value.name,
    ...(value.gender ? { gender: value.gender } : {}),
    ...(value.birthDate ? { birthday: value.birthDate } : {}),
    phones: value.phones.slice(0, 20).map((p) => ({ number: p.e164, label: p.kind === 'mobile' ? 'mobile' as const : 'other' as const })),
    emails: value.emails.slice(0, 20).map((address) => ({ address })),
    ...(value.wechatId ? { wechatId: value.wechatId } : {}),
    addresses: a
      ? [{ ...(a.province ? { province: a.province } : {}), ...(a.city ? { city: a.city } : {}), ...(a.district ? { district: a.district } : {}), ...(a.street ? { street: a.street } : {}), ...(a.number || a.detail ? { detail: `${a.number ? `${a.number}号` : ''}${a.detail}`.slice(0, 200) } : {}), raw: a.raw }]
      : [],
    relationshipTypes: ['customer'],
    source: source.slice(0, 100),
  };
}

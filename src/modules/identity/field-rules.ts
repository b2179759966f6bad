/**
 * The access module's field rules (masked or hidden phones, e-mails, birthdays, addresses, WeChat ids) applied to
 * what identity shows: source records as received and normalised, the golden record, and the values quoted in
 * match explanations. Without this a role that sees +86138****8000 on the profile would read the full number
 * in the person's source records or in a review pair's explanation.
 */
import { fieldRule, type AccessScope, type FieldRule } from '../../kernel/access-scope.ts';
import { maskBirthday, maskDigits, maskEmail, maskText } from '../../kernel/masking.ts';

/** The directory's names for the protected fields of a person. */
type PersonField = 'phones' | 'emails' | 'birthday' | 'addresses' | 'wechatId';

/** Raw (as received) and golden-record keys, and the matcher's comparison names, mapped to those fields. */
const RAW: Record<string, PersonField> = { mobile: 'phones', phone: 'phones', email: 'emails', birthDate: 'birthday', address: 'addresses', wechat: 'wechatId' };
const GOLDEN: Record<string, PersonField> = { mobile: 'phones', phone: 'phones', email: 'emails', birthDate: 'birthday', address: 'addresses', wechatId: 'wechatId' };
const COMPARISON: Record<string, PersonField> = { phone: 'phones', email: 'emails', birth_date: 'birthday', address: 'addresses', wechat: 'wechatId' };

export type IdentityFieldRules = { rule(field: PersonField): FieldRule; any: boolean };

export function identityFieldRules(scope: AccessScope | undefined): IdentityFieldRules {
  const rules = new Map<PersonField, FieldRule>();
  for (const field of ['phones', 'emails', 'birthday', 'addresses', 'wechatId'] as const) rules.set(field, fieldRule(scope, 'person', field));
  return { rule: (field) => rules.get(field) ?? 'visible', any: [...rules.values()].some((r) => r !== 'visible') };
}

/** One value of a protected field as the role may see it; null when hidden. */
function shown(field: PersonField, value: string, rule: FieldRule): string | null {
  if (rule === 'visible' || value === '') return value;
  if (rule === 'hidden') return null;
  switch (field) {
    case 'phones':
      return maskDigits(value);
    case 'emails':
      return value.includes('@') ? maskEmail(value) : maskText(value);
    case 'birthday':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? maskBirthday(value) : '****';
    case 'addresses':
      // The province and city are what a masked address keeps elsewhere; free text cannot be cut that way.
      return maskText(value);
    case 'wechatId':
      return maskText(value);
  }
}

/** A record's raw values (string per key): masked in place, hidden keys dropped. */
export function maskRaw(raw: Record<string, string>, rules: IdentityFieldRules): Record<string, string> {
  if (!rules.any) return raw;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = RAW[key];
    const visible = field ? shown(field, value, rules.rule(field)) : value;
    if (visible !== null) out[key] = visible;
  }
  return out;
}

type Normalised = Record<string, unknown> & {
  phones?: Array<{ e164: string; original: string }>;
  emails?: string[];
  address?: (Record<string, unknown> & { province?: string; city?: string }) | null;
  birthDate?: string | null;
  wechatId?: string | null;
};

/** The normalised record: phones and e-mails masked or emptied, the address cut to province and city. */
export function maskNormalised(normalised: Normalised, rules: IdentityFieldRules): Normalised {
  if (!rules.any) return normalised;
  const out: Normalised = { ...normalised };
  const phones = rules.rule('phones');
  if (phones !== 'visible' && normalised.phones) out.phones = phones === 'hidden' ? [] : normalised.phones.map((p) => ({ ...p, e164: maskDigits(p.e164), original: maskDigits(p.original) }));
  const emails = rules.rule('emails');
  if (emails !== 'visible' && normalised.emails) out.emails = emails === 'hidden' ? [] : normalised.emails.map((e) => maskEmail(e));
  const address = rules.rule('addresses');
  if (address !== 'visible' && normalised.address) {
    out.address = address === 'hidden' ? null : { province: normalised.address.province ?? '', city: normalised.address.city ?? '', district: '', town: '', street: '', number: '', detail: '', raw: '' };
  }
  const birthday = rules.rule('birthday');
  if (birthday !== 'visible' && normalised.birthDate) out.birthDate = shown('birthday', normalised.birthDate, birthday);
  const wechat = rules.rule('wechatId');
  if (wechat !== 'visible' && normalised.wechatId) out.wechatId = shown('wechatId', normalised.wechatId, wechat);
  return out;
}

/** The golden record: a hidden field is left out, a masked one keeps its rule and source but not its value. */
export function maskGolden<T extends { value: string }>(golden: Partial<Record<string, T>>, rules: IdentityFieldRules): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, entry] of Object.entries(golden)) {
    if (!entry) continue;
    const field = GOLDEN[key];
    const value = field && rules.any ? shown(field, entry.value, rules.rule(field)) : entry.value;
    if (value !== null) out[key] = { ...entry, value };
  }
  return out;
}

type ExplainedField = { comparison: string; left: string; right: string };

/** An explanation's quoted values: the weights stay (they say how much a field counted, not what it holds). */
export function maskExplanation<T extends { fields?: unknown }>(explanation: T, rules: IdentityFieldRules): T {
  if (!rules.any || !Array.isArray(explanation.fields)) return explanation;
  const fields = (explanation.fields as ExplainedField[]).map((f) => {
    const field = COMPARISON[f.comparison];
    if (!field) return f;
    const rule = rules.rule(field);
    return { ...f, left: shown(field, f.left, rule) ?? '', right: shown(field, f.right, rule) ?? '' };
  });
  return { ...explanation, fields };
}

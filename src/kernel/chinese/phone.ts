/**
 * Phones: any written form → E.164, with the original text kept by callers. Default region +86, configurable.
 * The line type matters to matching: a landline is a household signal, a mobile is a person's.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'landline' | 'other';

export type NormalisedPhone = {
  e164: string;
  kind: PhoneKind;
  country: string | undefined;
};

export function normalisePhone(text: string, defaultRegion: string = 'CN'): NormalisedPhone | null {
  const cleaned = text.normalize('NFKC').trim().replace(/^00(?=\d)/, '+').replace(/[（]/g, '(').replace(/[）]/g, ')');
  if (!/\d/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  const type = parsed.getType();
  const kind: PhoneKind =
    type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' ? 'landline' : type === 'FIXED_LINE_OR_MOBILE' ? 'mobile' : 'other';
  return { e164: parsed.number, kind, country: parsed.country };
}

/** Digits only, for "search by any part of the number" (138 0013 8000 → 13800138000). */
export function phoneDigits(text: string): string {
  return text.normalize('NFKC').replace(/\D/g, '');
}

/** Turns contact input into stored form: phones to E.164 (original kept), addresses with their region columns. */
import { normalisePhone } from '../../kernel/chinese/phone.ts';
import type { Address, Email, Phone } from './contact.schema.ts';
import { directoryErrors } from './directory.errors.ts';

type PhoneIn = { number: string; label?: Phone['label'] | undefined };
type EmailIn = { address: string; label?: Email['label'] | undefined };
type AddressIn = Partial<Record<keyof Address, string | undefined>>;

export function normalisePhones(input: PhoneIn[], region: string): Phone[] {
  return input.map((phone, index) => {
    const parsed = normalisePhone(phone.number, region);
    if (!parsed) throw directoryErrors.invalidPhone(index, phone.number);
    return { e164: parsed.e164, original: phone.number, kind: parsed.kind, label: phone.label ?? null };
  });
}

export function normaliseEmails(input: EmailIn[]): Email[] {
  return input.map((email) => ({ address: email.address.trim().toLowerCase(), label: email.label ?? null }));
}

export function normaliseAddress(input: AddressIn): Address {
  const pick = (key: keyof Address) => (input[key] && input[key].length > 0 ? input[key] : null);
  return {
    country: pick('country') ?? (pick('province') || pick('city') ? 'CN' : null),
    province: pick('province'),
    city: pick('city'),
    district: pick('district'),
    street: pick('street'),
    detail: pick('detail'),
    postalCode: pick('postalCode'),
    raw: pick('raw'),
    label: pick('label'),
  };
}

/**
 * The shapes of a touchpoint record — fields as received, and normalised — with no code behind them, so pure
 * consumers (golden record, header mapping, the web app's previews) can name them without the normaliser.
 */
import type { ParsedAddress } from '../../kernel/chinese/address.ts';
import type { PhoneKind } from '../../kernel/chinese/phone.ts';

/** The fields a touchpoint may carry, after header mapping. */
export const TOUCHPOINT_FIELDS = ['name', 'mobile', 'phone', 'email', 'address', 'company', 'birthDate', 'gender', 'wechat'] as const;
export type TouchpointField = (typeof TOUCHPOINT_FIELDS)[number];
export type TouchpointInput = Partial<Record<TouchpointField, string>>;

export type NormalisedTouchpoint = {
  name: string;
  phones: Array<{ e164: string; kind: PhoneKind; original: string }>;
  emails: string[];
  address: (ParsedAddress & { raw: string }) | null;
  birthDate: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown' | null;
  company: string | null;
  wechatId: string | null;
};

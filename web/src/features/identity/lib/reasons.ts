/**
 * Why a row was rejected, in the UI language. The server says it in English, one problem per field
 * (`email: "x" is not an e-mail address; birthDate: "y" is not a date`); the problems the normaliser knows are
 * put into words here, anything else is shown as the server wrote it.
 */
import type { TFunction } from 'i18next';

const PATTERNS: Array<[RegExp, string]> = [
  [/^is empty$/, 'empty'],
  [/^"(.*)" is not a phone number$/s, 'phone'],
  [/^"(.*)" is not an e-mail address$/s, 'email'],
  [/^"(.*)" is not a date$/s, 'date'],
  [/^"(.*)" is not 男\/女\/male\/female\/other$/s, 'gender'],
  [/^longer than (\d+) characters$/, 'tooLong'],
  [/^contains a NUL character$/, 'nul'],
];
const FIELDS = new Set(['name', 'mobile', 'phone', 'email', 'address', 'company', 'birthDate', 'gender', 'wechat']);

export function reasonText(t: TFunction, language: string, reason: string): string {
  return reason
    .split('; ')
    .map((part) => {
      const [, field = '', problem = ''] = /^(\w+): (.*)$/s.exec(part) ?? [];
      if (!FIELDS.has(field)) return part;
      for (const [pattern, kind] of PATTERNS) {
        const match = pattern.exec(problem);
        if (match) return t(`identity.reason.${kind}`, { field: t(`identity.importField.${field}`), value: match[1] ?? '' });
      }
      return part;
    })
    .join(language.startsWith('zh') ? '；' : '; ');
}

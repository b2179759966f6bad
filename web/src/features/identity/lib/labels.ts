/** Words for the identity API's codes: record sources, survivorship rules, golden-record fields. */
import type { TFunction } from 'i18next';

const KNOWN_SOURCES = ['import', 'api', 'web_form', 'portal'];

/** `portal` → 客户门户; `dealer:北京` → 经销商 · 北京; `import:2024会员` → 导入 · 2024会员. */
export function sourceLabel(t: TFunction, source: string): string {
  if (KNOWN_SOURCES.includes(source)) return t(`identity.source.${source}`);
  const [family = '', name = ''] = source.split(/:(.*)/s);
  if (family === 'dealer') return t('identity.source.dealerNamed', { name });
  if (family === 'import') return t('identity.source.importNamed', { name });
  return source;
}

const CN_MOBILE = /^\+86(1\d{2})(\d{4})(\d{4})$/;

/** A golden value as a person reads it (calendar dates and genders in the UI language, +86 138 0013 8000). */
export function goldenText(t: TFunction, field: string, value: string, formatDate: (v: string) => string): string {
  if (field === 'birthDate') return formatDate(value) || value;
  if (field === 'mobile' || field === 'phone') return value.replace(CN_MOBILE, '+86 $1 $2 $3');
  if (field === 'gender') return t(`gender.${value}`, { defaultValue: value });
  return value;
}

/** 姓名、邮箱和公司 / Name, Email and Company — the language's own way of joining a list. */
export function listOf(language: string, items: string[]): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

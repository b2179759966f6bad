/** Words for what an organisation merge moved: row kinds with their counts, and the fields filled in. */
import type { TFunction } from 'i18next';

// Chinese lists of counted items read best with 、 throughout (Intl's 和 sits flush against the next digit).
const listOf = (language: string, items: string[]) => (language.startsWith('zh') ? items.join('、') : new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items));

/** 2 个订单、1 份合同 / 2 orders and 1 contract — in the API's order, joined the language's own way. */
export function movedText(t: TFunction, language: string, moved: Record<string, number>): string {
  return listOf(language, Object.entries(moved).map(([kind, count]) => t(`orgMerge.kind.${kind}`, { count, defaultValue: `${count} ${kind}` })));
}

export function fieldsText(t: TFunction, language: string, fields: string[]): string {
  return listOf(language, fields.map((field) => t(`orgMerge.field.${field}`, { defaultValue: field })));
}

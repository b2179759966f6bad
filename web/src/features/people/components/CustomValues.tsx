/** Custom-field values shown with their definitions' labels and types (money in its currency). */
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../api/client.ts';
import { CURRENCIES, useFormat, type Currency } from '../../../i18n/format.ts';
import { localLabel } from '../../settings/api/settings.ts';

/** A custom value as text in the UI language: option labels, dates, numbers and money through Intl. */
export function useCustomValueText(): (field: CustomField, value: unknown) => string {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (field, value) => {
    if (value === undefined || value === null) return '';
    const option = (v: unknown) => localLabel(field.options.find((o) => o.value === v)?.label ?? {}, i18n.language, String(v));
    switch (field.type) {
      case 'number': return typeof value === 'number' ? format.number(value) : String(value);
      case 'date': return format.date(String(value));
      case 'boolean': return value ? t('common.yes') : t('common.no');
      case 'select': return option(value);
      case 'multi_select': return Array.isArray(value) ? value.map(option).join('、') : String(value);
      case 'money': {
        const money = value as { amount?: string; currency?: string };
        const currency = (CURRENCIES as readonly string[]).includes(money.currency ?? '') ? (money.currency as Currency) : null;
        return currency && money.amount ? format.money(money.amount, currency) : `${money.amount ?? ''} ${money.currency ?? ''}`;
      }
      default: return String(value);
    }
  };
}

export function CustomValues({ values, fields }: { values: Record<string, unknown>; fields: CustomField[] }) {
  const { i18n } = useTranslation();
  const show = useCustomValueText();
  return (
    <Descriptions size="small" column={1} items={fields.map((field) => ({ key: field.key, label: localLabel(field.label, i18n.language, field.key), children: show(field, values[field.key]) || '—' }))} />
  );
}

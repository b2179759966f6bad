/** A button opening one filter control per custom field (by type); applying turns them into `cf` parameters. */
import { FunnelPlotOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Input, InputNumber, Popover, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../api/client.ts';
import { localLabel } from '../../settings/api/settings.ts';
import { badRanges, filterable, fromCf, toCf, type CustomFilters, type CustomFilterValue } from '../lib/custom-filters.ts';

type Props = { fields: CustomField[]; cf: string[] | undefined; onChange: (cf: string[] | undefined) => void };

export function CustomFieldFilters({ fields, cf, onChange }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<CustomFilters>({});
  const usable = filterable(fields);
  if (usable.length === 0) return null;
  const bad = badRanges(draft, usable);
  const active = new Set((cf ?? []).map((c) => c.split(':')[0])).size;
  const apply = () => {
    const next = toCf(draft, usable);
    onChange(next.length > 0 ? next : undefined);
    setOpen(false);
  };
  return (
    <Popover
      trigger="click"
      placement="bottomLeft"
      open={open}
      onOpenChange={(next) => {
        // Start from what is applied now, so closing without applying loses nothing and reopening shows the truth.
        if (next) setDraft(fromCf(cf, usable));
        setOpen(next);
      }}
      title={t('peopleList.customFilters')}
      content={
        <div style={{ width: 'min(360px, calc(100vw - 48px))' }} data-testid="custom-filters">
          <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '8px 12px', alignItems: 'center' }}>
            {usable.map((field) => (
              <FieldRow key={field.key} field={field} value={draft[field.key]} invalid={bad.includes(field.key)} onChange={(value) => setDraft((d) => { const { [field.key]: _old, ...rest } = d; return value ? { ...rest, [field.key]: value } : rest; })} />
            ))}
          </div>
          {bad.length > 0 && <Alert style={{ marginTop: 8 }} type="error" showIcon title={t('peopleList.rangeReversed')} />}
          <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
            <Button size="small" onClick={() => { setDraft({}); onChange(undefined); setOpen(false); }}>{t('peopleList.clearFilters')}</Button>
            <Button size="small" type="primary" disabled={bad.length > 0} onClick={apply} data-testid="apply-custom-filters">{t('peopleList.applyFilters')}</Button>
          </Space>
        </div>
      }
    >
      <Badge count={active} size="small">
        <Button icon={<FunnelPlotOutlined />} data-testid="custom-filters-button">{t('peopleList.customFilters')}</Button>
      </Badge>
    </Popover>
  );
}

function FieldRow({ field, value, invalid, onChange }: { field: CustomField; value: CustomFilterValue | undefined; invalid: boolean; onChange: (value: CustomFilterValue | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const label = localLabel(field.label, i18n.language, field.key);
  const options = field.options.map((o) => ({ value: o.value, label: localLabel(o.label ?? {}, i18n.language, o.value) }));
  const range = value?.kind === 'range' ? value : { kind: 'range' as const };
  const setRange = (end: 'from' | 'to', next: string | undefined) => {
    const merged = { ...range, [end]: next || undefined };
    onChange(merged.from || merged.to ? merged : undefined);
  };
  const status = invalid ? ('error' as const) : undefined;
  let control: React.ReactNode;
  switch (field.type) {
    case 'text':
      control = <Input allowClear size="small" placeholder={t('peopleList.contains')} value={value?.kind === 'text' ? value.contains : ''} onChange={(e) => onChange(e.target.value ? { kind: 'text', contains: e.target.value } : undefined)} data-testid={`cf-${field.key}`} />;
      break;
    case 'number':
    case 'money':
      control = (
        <Space.Compact size="small" style={{ width: '100%' }}>
          <InputNumber size="small" status={status} placeholder={t('peopleList.min')} value={range.from === undefined ? null : Number(range.from)} onChange={(n) => setRange('from', n === null ? undefined : String(n))} style={{ width: '50%' }} data-testid={`cf-${field.key}-from`} />
          <InputNumber size="small" status={status} placeholder={t('peopleList.max')} value={range.to === undefined ? null : Number(range.to)} onChange={(n) => setRange('to', n === null ? undefined : String(n))} style={{ width: '50%' }} data-testid={`cf-${field.key}-to`} />
        </Space.Compact>
      );
      break;
    case 'date':
      control = (
        <Space.Compact size="small" style={{ width: '100%' }}>
          <Input type="date" size="small" status={status} aria-label={t('peopleList.from')} value={range.from ?? ''} onChange={(e) => setRange('from', e.target.value)} style={{ width: '50%' }} data-testid={`cf-${field.key}-from`} />
          <Input type="date" size="small" status={status} aria-label={t('peopleList.to')} value={range.to ?? ''} onChange={(e) => setRange('to', e.target.value)} style={{ width: '50%' }} data-testid={`cf-${field.key}-to`} />
        </Space.Compact>
      );
      break;
    case 'select':
    case 'multi_select':
      control = (
        <Select
          size="small"
          allowClear
          mode={field.type === 'multi_select' ? 'multiple' : undefined}
          placeholder={field.type === 'multi_select' ? t('peopleList.allOf') : undefined}
          options={options}
          value={value?.kind === 'choice' ? (field.type === 'multi_select' ? value.values : value.values[0]) : field.type === 'multi_select' ? [] : undefined}
          onChange={(next: string | string[] | undefined) => {
            const values = next === undefined ? [] : Array.isArray(next) ? next : [next];
            onChange(values.length ? { kind: 'choice', values } : undefined);
          }}
          style={{ width: '100%' }}
          data-testid={`cf-${field.key}`}
        />
      );
      break;
    case 'boolean':
      control = (
        <Select
          size="small"
          allowClear
          options={[{ value: 'true', label: t('peopleList.yes') }, { value: 'false', label: t('peopleList.no') }]}
          value={value?.kind === 'boolean' ? String(value.value) : undefined}
          onChange={(next: string | undefined) => onChange(next === undefined ? undefined : { kind: 'boolean', value: next === 'true' })}
          style={{ width: '100%' }}
          data-testid={`cf-${field.key}`}
        />
      );
      break;
    default:
      return null;
  }
  return (
    <>
      <Typography.Text ellipsis style={{ maxWidth: 110 }} title={label}>{label}</Typography.Text>
      {control}
    </>
  );
}

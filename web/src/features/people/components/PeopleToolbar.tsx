/** Filters of the people list; every change becomes query parameters for GET /people. */
import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Grid, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonFilters } from '../api/people.ts';
import { useCustomFields, useUsers } from '../../settings/api/settings.ts';
import { CustomFieldFilters } from './CustomFieldFilters.tsx';

const RELATIONSHIPS = ['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const;
const GENDERS = ['female', 'male', 'other', 'unknown'] as const;

type Props = { filters: PersonFilters; onChange: (filters: PersonFilters) => void };

export function PeopleToolbar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const users = useUsers();
  const customFields = useCustomFields('person');
  const set = (patch: Partial<PersonFilters>) => onChange({ ...filters, ...patch });
  // On a phone the filters fold behind one button so the list stays on the first screen.
  const narrow = !Grid.useBreakpoint().md;
  const [unfolded, setUnfolded] = useState(false);
  const active = [filters.relationshipType, filters.gender, filters.tag?.length, filters.ownerId, filters.city, filters.cf?.length].filter(Boolean).length;
  const folded = narrow && !unfolded;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Input.Search
        allowClear
        placeholder={t('people.filterPlaceholder')}
        defaultValue={filters.q}
        key={`q-${filters.q ?? ''}`}
        onSearch={(q) => set({ q: q || undefined })}
        style={{ width: narrow ? 'calc(100% - 96px)' : 240, maxWidth: '100%' }}
        data-testid="people-q"
      />
      {narrow && (
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setUnfolded(!unfolded)} aria-expanded={unfolded}>{t('people.filters')}</Button>
        </Badge>
      )}
      {!folded && (
        <>
      <Select
        allowClear
        placeholder={t('person.fields.relationshipTypes')}
        value={filters.relationshipType}
        onChange={(relationshipType: PersonFilters['relationshipType']) => set({ relationshipType })}
        options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
        style={{ width: 130 }}
      />
      <Select
        allowClear
        placeholder={t('person.fields.gender')}
        value={filters.gender}
        onChange={(gender: PersonFilters['gender']) => set({ gender })}
        options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
        style={{ width: 100 }}
      />
      <Select
        mode="tags"
        allowClear
        placeholder={t('person.fields.tags')}
        value={filters.tag ?? []}
        onChange={(tag: string[]) => set({ tag })}
        open={false}
        style={{ minWidth: 140 }}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('person.fields.owner')}
        value={filters.ownerId}
        onChange={(ownerId: string | undefined) => set({ ownerId })}
        options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
        style={{ width: 130 }}
      />
      <Input
        allowClear
        placeholder={t('person.fields.city')}
        defaultValue={filters.city}
        key={`city-${filters.city ?? ''}`}
        onPressEnter={(event) => set({ city: event.currentTarget.value || undefined })}
        onBlur={(event) => event.currentTarget.value !== (filters.city ?? '') && set({ city: event.currentTarget.value || undefined })}
        style={{ width: 110 }}
      />
      <CustomFieldFilters fields={customFields.data ?? []} cf={filters.cf} onChange={(cf) => set({ cf })} />
        </>
      )}
    </div>
  );
}

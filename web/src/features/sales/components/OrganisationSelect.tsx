/** Pick an organisation by typing part of its name (the server's search, 20 at a time). */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.ts';

type Props = { value?: string | null; onChange?: (value: string | null) => void; id?: string; 'data-testid'?: string };

export function OrganisationSelect({ value, onChange, id, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['organisations', 'pick', q],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations', { params: { query: { ...(q ? { q } : {}), limit: 20 } }, signal })).items,
  });
  const current = useQuery({
    queryKey: ['organisations', 'one', value],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id: value ?? '' } }, signal })),
    enabled: Boolean(value),
  });
  const options = (found.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (value && current.data && !options.some((o) => o.value === value)) options.unshift({ value, label: current.data.name });
  return (
    <Select
      id={id}
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      loading={found.isFetching}
      placeholder={t('sales.pickOrganisation')}
      notFoundContent={found.isFetching ? '…' : t('common.none')}
    />
  );
}

/**
 * One input for a field a stage gate requires. Dates are native date inputs (YYYY-MM-DD, as the API wants, and a
 * proper picker on phones); links to other records are pickers of the records that can be linked.
 */
import { useQuery } from '@tanstack/react-query';
import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.ts';
import { useUsers } from '../../settings/api/settings.ts';
import type { Opportunity } from '../api/sales.ts';
import { OrganisationSelect } from './OrganisationSelect.tsx';

/** Custom values named like a date (…Date, …On, …Deadline) are dates; the rest are text. */
export const isDateField = (field: string) => field === 'expectedCloseOn' || /^custom\.\w*(Date|On|Deadline)$/.test(field);

type Props = { field: string; opportunity: Opportunity; value?: string | null; onChange?: (value: string | null) => void };

export function GateFieldInput({ field, opportunity, value, onChange }: Props) {
  const testId = `gate-${field}`;
  if (field === 'organisationId') return <OrganisationSelect value={value} onChange={onChange} data-testid={testId} />;
  if (field === 'ownerId') return <UserSelect value={value} onChange={onChange} />;
  if (field === 'quoteId' || field === 'contractId') return <DocumentSelect kind={field === 'quoteId' ? 'quotes' : 'contracts'} opportunity={opportunity} value={value} onChange={onChange} />;
  if (isDateField(field)) return <Input type="date" value={value ?? ''} onChange={(e) => onChange?.(e.target.value || null)} data-testid={testId} />;
  if (field === 'amount') return <Input inputMode="decimal" value={value ?? ''} onChange={(e) => onChange?.(e.target.value)} suffix={opportunity.currency} data-testid={testId} />;
  return <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={value ?? ''} onChange={(e) => onChange?.(e.target.value)} data-testid={testId} />;
}

function UserSelect({ value, onChange }: { value?: string | null; onChange?: (value: string | null) => void }) {
  const users = useUsers();
  return <Select allowClear showSearch={{ optionFilterProp: 'label' }} value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />;
}

/** The customer's quotes or contracts, those made for this opportunity first. */
function DocumentSelect({ kind, opportunity, value, onChange }: { kind: 'quotes' | 'contracts'; opportunity: Opportunity; value?: string | null; onChange?: (value: string | null) => void }) {
  const { t } = useTranslation();
  const organisationId = opportunity.organisationId ?? undefined;
  const documents = useQuery({
    queryKey: ['commerce', kind, 'for-opportunity', opportunity.id, organisationId],
    queryFn: async ({ signal }) => {
      const rows = kind === 'quotes'
        ? unwrap(await api.GET('/api/v1/quotes', { params: { query: { ...(organisationId ? { organisationId } : {}), limit: 100 } }, signal })).items.map((q) => ({ id: q.id, label: `${q.number} · ${q.total} ${q.currency}`, opportunityId: q.opportunityId }))
        : unwrap(await api.GET('/api/v1/contracts', { params: { query: { ...(organisationId ? { organisationId } : {}), limit: 100 } }, signal })).items.map((c) => ({ id: c.id, label: `${c.number} · ${c.title}`, opportunityId: c.opportunityId }));
      return rows.sort((a, b) => Number(b.opportunityId === opportunity.id) - Number(a.opportunityId === opportunity.id));
    },
  });
  return (
    <Select
      allowClear
      data-testid={`gate-${kind === 'quotes' ? 'quoteId' : 'contractId'}`}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={documents.isPending}
      notFoundContent={t(kind === 'quotes' ? 'sales.gate.noQuotes' : 'sales.gate.noContracts')}
      options={(documents.data ?? []).map((d) => ({ value: d.id, label: d.label }))}
    />
  );
}

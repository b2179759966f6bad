/** /leads — leads with their grade and status, filtered by either; capture a new one; convert one. */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Result, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { isApiError } from '../../../api/client.ts';
import { setLeadStatus, useLeads, type Lead, type LeadFilters } from '../api/sales.ts';
import { ConvertLeadModal } from '../components/ConvertLeadModal.tsx';
import { LeadFormModal } from '../components/LeadFormModal.tsx';
import { money } from '../lib/money.ts';
import '../sales.css';

const GRADES = ['A', 'B', 'C', 'D'] as const;
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
const OPEN_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;
const GRADE_COLOURS: Record<Lead['grade'], string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };

export function LeadsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters: LeadFilters = {
    ...(GRADES.includes(params.get('grade') as Lead['grade']) ? { grade: params.get('grade') as Lead['grade'] } : {}),
    ...(STATUSES.includes(params.get('status') as Lead['status']) ? { status: params.get('status') as Lead['status'] } : {}),
  };
  const leads = useLeads(filters);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [converting, setConverting] = useState<Lead>();
  const setFilter = (key: 'grade' | 'status', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const changeStatus = async (lead: Lead, status: (typeof OPEN_STATUSES)[number]) => {
    try {
      await setLeadStatus(lead, status);
    } catch (error) {
      message.error(isApiError(error, 412) ? t('sales.leads.stale') : isApiError(error) ? error.message : t('common.error'));
    } finally {
      void client.invalidateQueries({ queryKey: ['sales', 'leads'] });
    }
  };

  if (leads.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('sales.leads.title')}</Typography.Title>
        <Select allowClear placeholder={t('sales.leads.fields.grade')} style={{ width: 110 }} value={filters.grade} onChange={(v) => setFilter('grade', v)} options={GRADES.map((g) => ({ value: g, label: t('sales.leads.gradeLabel', { grade: g }) }))} data-testid="grade-filter" />
        <Select allowClear placeholder={t('sales.leads.fields.status')} style={{ width: 130 }} value={filters.status} onChange={(v) => setFilter('status', v)} options={STATUSES.map((s) => ({ value: s, label: t(`sales.leadStatus.${s}`) }))} data-testid="status-filter" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-lead">{t('sales.leads.new')}</Button>
      </div>
      <Table
        data-testid="leads-table"
        size="small"
        rowKey="id"
        loading={leads.isFetching}
        dataSource={leads.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'grade', title: t('sales.leads.fields.grade'), render: (_, l) => <Tag color={GRADE_COLOURS[l.grade]}>{l.grade}</Tag>, width: 64 },
          { key: 'name', title: t('sales.leads.fields.name'), render: (_, l) => <><div style={{ fontWeight: 500 }}>{l.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{[l.company, l.title].filter(Boolean).join(' · ')}</Typography.Text></> },
          {
            key: 'status',
            title: t('sales.leads.fields.status'),
            // Converted is the conversion's to set; the others are the salesperson's call, saved with If-Match.
            render: (_, l) => (l.status === 'converted' ? <Tag color="green">{t('sales.leadStatus.converted')}</Tag> : (
              <Select
                size="small"
                variant="borderless"
                value={l.status}
                style={{ width: 100 }}
                onChange={(status) => void changeStatus(l, status)}
                options={OPEN_STATUSES.map((s) => ({ value: s, label: t(`sales.leadStatus.${s}`) }))}
                data-testid={`lead-status-${l.id}`}
              />
            )),
          },
          { key: 'value', title: t('sales.leads.fields.estimatedValue'), align: 'right', render: (_, l) => money(format, l.estimatedValue, l.currency ?? 'CNY') },
          { key: 'score', title: t('sales.leads.fields.score'), dataIndex: 'score', align: 'right' },
          { key: 'source', title: t('sales.leads.fields.source'), render: (_, l) => l.source ?? '—' },
          { key: 'place', title: t('sales.leads.fields.city'), render: (_, l) => [l.province, l.city].filter(Boolean).join(' ') || '—' },
          { key: 'createdAt', title: t('sales.leads.fields.createdAt'), render: (_, l) => format.date(l.createdAt) },
          {
            key: 'actions',
            title: '',
            render: (_, l) =>
              l.status === 'converted' ? (
                l.convertedOpportunityId ? <Link to={`/opportunities/${l.convertedOpportunityId}`}>{t('sales.leads.toOpportunity')}</Link> : l.convertedPersonId ? <Link to={`/people/${l.convertedPersonId}`}>{t('sales.leads.toPerson')}</Link> : null
              ) : (
                <Button size="small" onClick={() => setConverting(l)} data-testid={`convert-${l.id}`}>{t('sales.leads.convert')}</Button>
              ),
          },
        ]}
      />
      {creating && <LeadFormModal onClose={() => setCreating(false)} onCreated={() => setCreating(false)} />}
      {converting && (
        <ConvertLeadModal
          lead={converting}
          onClose={() => setConverting(undefined)}
          onConverted={({ lead, opportunityId }) => {
            setConverting(undefined);
            navigate(opportunityId ? `/opportunities/${opportunityId}` : `/people/${lead.convertedPersonId ?? ''}`);
          }}
        />
      )}
    </div>
  );
}

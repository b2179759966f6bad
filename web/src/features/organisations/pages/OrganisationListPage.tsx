/** Organisations: a virtualised table over cursor pages, searchable by name or pinyin, filterable, sortable. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Organisation } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useWindowHeight } from '../../../lib/use-window-height.ts';
import { useOrganisationList, type OrganisationFilters } from '../api/organisations.ts';

const OrganisationFormDrawer = lazy(() => import('../components/OrganisationFormDrawer.tsx').then((m) => ({ default: m.OrganisationFormDrawer })));

const RELATIONSHIPS = ['customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const;
const SORTABLE = new Set(['name', 'createdAt', 'updatedAt']);

export function OrganisationListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const height = useWindowHeight();
  const [filters, setFilters] = useState<OrganisationFilters>({ sort: 'name' });
  const list = useOrganisationList(filters);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const sortField = (filters.sort ?? 'name').replace(/^-/, '');
  const order = (key: string) => (key === sortField ? ((filters.sort ?? '').startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null);

  return (
    <div className="gx-page">
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, marginRight: 'auto' }}>{t('organisations.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-organisation">{t('organisations.new')}</Button>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('organisations.filterPlaceholder')} onSearch={(q) => setFilters({ ...filters, q: q || undefined })} style={{ width: 260, maxWidth: '100%' }} />
        <Select
          allowClear
          placeholder={t('person.fields.relationshipTypes')}
          style={{ width: 140 }}
          onChange={(relationshipType: OrganisationFilters['relationshipType']) => setFilters({ ...filters, relationshipType })}
          options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
        />
        <Input allowClear placeholder={t('person.fields.city')} style={{ width: 120 }} onPressEnter={(e) => setFilters({ ...filters, city: e.currentTarget.value || undefined })} />
      </div>
      <Typography.Text type="secondary">{list.hasNextPage ? t('people.loadedMore', { count: rows.length }) : t('people.count', { count: rows.length })}</Typography.Text>
      <Table<Organisation>
        virtual
        size="small"
        rowKey="id"
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 880, y: Math.max(280, height - 230) }}
        style={{ marginTop: 8 }}
        columns={[
          { key: 'name', title: t('organisation.fields.name'), width: 220, fixed: 'left', ellipsis: true, sorter: true, sortOrder: order('name'), render: (_: unknown, o) => <Link to={`/organisations/${o.id}`}>{o.name}</Link> },
          { key: 'industryCode', title: t('organisation.fields.industry'), width: 120, ellipsis: true, render: (_: unknown, o) => o.industryCode ?? '' },
          { key: 'relationshipTypes', title: t('person.fields.relationshipTypes'), width: 160, render: (_: unknown, o) => o.relationshipTypes.map((r) => <Tag key={r}>{t(`relationship.${r}`)}</Tag>) },
          { key: 'city', title: t('person.fields.city'), width: 100, render: (_: unknown, o) => o.address?.city ?? '' },
          { key: 'phone', title: t('person.fields.phone'), width: 150, render: (_: unknown, o) => o.phones[0]?.original ?? '' },
          { key: 'createdAt', title: t('person.fields.createdAt'), width: 130, sorter: true, sortOrder: order('createdAt'), render: (_: unknown, o) => format.date(o.createdAt) },
        ]}
        onChange={(_p, _f, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = String(one?.columnKey ?? '');
          setFilters({ ...filters, sort: SORTABLE.has(key) && one?.order ? `${one.order === 'descend' ? '-' : ''}${key}` : 'name' });
        }}
        onScroll={(event) => {
          const el = event.currentTarget;
          if (el.scrollHeight - el.scrollTop - el.clientHeight < 600 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
        }}
      />
      {creating && (
        <Suspense fallback={null}>
          <OrganisationFormDrawer onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </div>
  );
}

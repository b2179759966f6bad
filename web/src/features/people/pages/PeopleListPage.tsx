/** People: a virtualised table over cursor pages, with filters, sorts, column chooser, saved views, bulk actions, CSV. */
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Person } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useWindowHeight } from '../../../lib/use-window-height.ts';
import { useCustomFields, useUsers } from '../../settings/api/settings.ts';
import { DEFAULT_PEOPLE_FILTERS, deletePerson, fetchPeoplePage, restorePerson, usePeopleList, type PersonFilters } from '../api/people.ts';
import { ColumnChooser } from '../components/ColumnChooser.tsx';
import { PeopleToolbar } from '../components/PeopleToolbar.tsx';
import { useCustomValueText } from '../components/CustomValues.tsx';
import { customColumns, DEFAULT_COLUMNS, personColumns, toTableColumns } from '../components/people-columns.tsx';
import { SavedViews } from '../components/SavedViews.tsx';
import { download, toCsv } from '../lib/csv.ts';
import { loadColumns, saveColumns } from '../lib/saved-views.ts';
import { useAfterFirstPaint } from '../lib/use-after-first-paint.ts';

const EXPORT_LIMIT = 50_000;
// The form (and the zod schemas it validates with) loads only when someone opens it.
const PersonFormDrawer = lazy(() => import('../components/PersonFormDrawer.tsx').then((m) => ({ default: m.PersonFormDrawer })));

export function PeopleListPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const client = useQueryClient();
  const users = useUsers();
  const height = useWindowHeight();
  const [filters, setFilters] = useState<PersonFilters>(DEFAULT_PEOPLE_FILTERS);
  const [visible, setVisible] = useState(() => loadColumns(DEFAULT_COLUMNS));
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  // Rows first, then the filter and view controls (one frame later): the list's first paint waits only for rows.
  const controlsReady = useAfterFirstPaint();
  const list = usePeopleList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const ownerName = useMemo(() => {
    const names = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
    return (id: string | null) => (id ? (names.get(id) ?? '') : '');
  }, [users.data]);
  const customFields = useCustomFields('person');
  const customText = useCustomValueText();
  const columns = useMemo(
    () => [...personColumns(t, format, ownerName), ...customColumns(customFields.data ?? [], i18n.language, customText)],
    // customText is rebuilt every render; the language and formatters it depends on are listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, format, ownerName, customFields.data, i18n.language],
  );
  // Stable column objects: new ones on every render made the virtual table re-render every cell on any state change.
  const sortKey = filters.sort ?? 'name';
  const tableColumns = useMemo(() => toTableColumns(columns, visible, sortKey, t), [columns, visible, sortKey, t]);
  const scrollX = tableColumns.reduce((sum, c) => sum + Number(c.width ?? 100), 48);

  const changeColumns = (next: string[]) => {
    setVisible(next);
    saveColumns(next);
  };

  const exportCsv = async (only?: Set<string>) => {
    setExporting(true);
    try {
      const shown = columns.filter((c) => visible.includes(c.key));
      let people: Person[] = only ? rows.filter((p) => only.has(p.id)) : [];
      if (!only) {
        // The whole current filter, not just what is loaded on screen: walk the cursor pages.
        let cursor: string | undefined;
        do {
          const page = await fetchPeoplePage(filters, cursor);
          people = people.concat(page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && people.length < EXPORT_LIMIT);
      }
      download(`people-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(shown.map((c) => c.title ?? t(`person.fields.${c.key}`)), people.map((p) => shown.map((c) => c.text(p)))));
      message.success(t('people.exported', { count: people.length }));
    } catch {
      message.error(t('common.error'));
    } finally {
      setExporting(false);
    }
  };

  const deleteSelected = async () => {
    const results = await Promise.allSettled(selected.map((id) => deletePerson(id)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    const deleted = selected.filter((_, i) => results[i]?.status === 'fulfilled');
    if (failed) message.error(t('people.deleteFailed', { count: failed }));
    // Deleting is restorable on the server; offer it right away rather than in a recycle bin nobody finds.
    if (deleted.length) {
      message.success({
        content: (
          <span>
            {t('people.deleted', { count: deleted.length })}{' '}
            <Button type="link" size="small" onClick={() => void Promise.all(deleted.map(restorePerson)).then(() => client.invalidateQueries({ queryKey: ['people'] }))}>{t('common.undo')}</Button>
          </span>
        ),
        duration: 8,
      });
    }
    setSelected([]);
    await client.invalidateQueries({ queryKey: ['people'] });
  };

  return (
    <div className="gx-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12, minHeight: 32 }}>
        <Typography.Title level={4} style={{ margin: 0, marginRight: 'auto' }}>{t('people.title')}</Typography.Title>
        {controlsReady && (
          <>
            <SavedViews filters={filters} columns={visible} onApply={(next, columns) => { setFilters(next); changeColumns(columns); }} />
            <ColumnChooser all={columns.map((c) => c.key)} titles={Object.fromEntries(columns.flatMap((c) => (c.title ? [[c.key, c.title]] : [])))} visible={visible} onChange={changeColumns} />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="export-csv">{t('people.export')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-person">{t('people.new')}</Button>
          </>
        )}
      </div>
      {/* Same height before and after, so nothing moves when the controls arrive. */}
      <div style={{ minHeight: 32 }}>
        {controlsReady && <PeopleToolbar filters={filters} onChange={(next) => { setFilters(next); setSelected([]); }} />}
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 40 }}>
        <Typography.Text type="secondary" data-testid="people-count">
          {list.hasNextPage ? t('people.loadedMore', { count: rows.length }) : t('people.count', { count: rows.length })}
        </Typography.Text>
        {selected.length > 0 && (
          <Space style={{ marginLeft: 'auto' }}>
            <Typography.Text>{t('people.selected', { count: selected.length })}</Typography.Text>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportCsv(new Set(selected))}>{t('people.exportSelected')}</Button>
            <Popconfirm title={t('people.confirmDelete', { count: selected.length })} onConfirm={() => deleteSelected()} okButtonProps={{ danger: true }}>
              <Button size="small" danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        )}
      </div>
      <Table<Person>
        virtual
        size="small"
        rowKey="id"
        data-testid="people-table"
        columns={tableColumns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: scrollX, y: Math.max(280, height - 250) }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), columnWidth: 40 }}
        onChange={(_pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const column = columns.find((c) => c.key === one?.columnKey);
          const sort = column?.sort && one?.order ? `${one.order === 'descend' ? '-' : ''}${column.sort}` : 'name';
          setFilters({ ...filters, sort });
        }}
        onScroll={(event) => {
          const target = event.currentTarget;
          // Fetch the next cursor page well before the end so scrolling never waits.
          if (target.scrollHeight - target.scrollTop - target.clientHeight < 600 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
        }}
      />
      {creating && (
        <Suspense fallback={null}>
          <PersonFormDrawer open onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </div>
  );
}

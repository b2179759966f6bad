/**
 * "Merge with…" from the customer 360 page: find the duplicate (likely matches first, or search by name, pinyin,
 * phone, e-mail), preview the golden record the two would have — each field's surviving value and its source —
 * choose which customer record stays, confirm.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, List, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError, type Person } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { usePeopleSearch } from '../../search/api/search.ts';
import { useLikelyDuplicates, useMerge, usePersonIfAny, usePersonTouchpoints, type MatchCandidate } from '../api/identity.ts';
import { explain, percent } from '../lib/explanation.ts';
import { GOLDEN_FIELDS, mergedGolden } from '../lib/golden-preview.ts';
import { goldenText, listOf, sourceLabel } from '../lib/labels.ts';
import { ExplanationBars } from './ExplanationBars.tsx';

/** What the matcher is given to find this person's likely duplicates: their own contact data. */
function matchRecordOf(person: Person) {
  const address = person.addresses[0];
  return {
    name: person.name,
    ...(person.phones.length ? { phone: person.phones.map((p) => p.e164 || p.original).join(';') } : {}),
    ...(person.emails[0] ? { email: person.emails[0].address } : {}),
    ...(person.birthday ? { birthDate: person.birthday } : {}),
    ...(address?.raw ? { address: address.raw } : {}),
  };
}

export function MergeDialog({ personId, onClose }: { personId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const person = usePersonIfAny(personId);
  const [query, setQuery] = useState('');
  const [other, setOther] = useState<{ id: string; name: string; candidate?: MatchCandidate }>();
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const likely = useLikelyDuplicates(personId, person.data ? matchRecordOf(person.data) : undefined);
  const search = usePeopleSearch(query);
  const merge = useMerge();

  const confirm = async () => {
    if (!other) return;
    const [survivorId, mergedId] = keep === 'this' ? [personId, other.id] : [other.id, personId];
    try {
      const result = await merge.mutateAsync({ survivorId, mergedId });
      const records = Object.entries(result.recordsMoved).map(([kind, count]) => t('identity.history.countRecords', { count, kind: t(`identity.recordKind.${kind}`, { defaultValue: kind }) }));
      message.success(`${t('identity.merge.done', { sources: result.touchpointsMoved, relations: result.relationsMoved })}${records.length ? t('identity.merge.doneRecords', { records: listOf(i18n.language, records) }) : ''}`);
      onClose();
      if (survivorId !== personId) navigate(`/people/${survivorId}`);
    } catch (error) {
      message.error(isApiError(error) ? error.message : t('common.error'));
    }
  };

  type Choice = { id: string; name: string; detail: string; candidate?: MatchCandidate };
  const results: Choice[] = query.trim()
    ? (search.data ?? []).filter((p) => p.id !== personId).map((p) => ({ id: p.id, name: p.name, detail: [p.phones?.[0]?.original, p.emails?.[0]?.address].filter(Boolean).join(' · ') }))
    : (likely.data ?? []).map((c) => ({ id: c.personId, name: c.name, detail: '', candidate: c }));

  return (
    <Modal
      open
      width="min(860px, calc(100vw - 16px))"
      title={t('identity.merge.title', { name: person.data?.name ?? '' })}
      onCancel={onClose}
      footer={other ? [
        <Button key="back" icon={<ArrowLeftOutlined />} onClick={() => setOther(undefined)}>{t('identity.merge.back')}</Button>,
        <Button key="ok" type="primary" danger loading={merge.isPending} onClick={() => void confirm()} data-testid="confirm-merge">{t('identity.merge.confirm')}</Button>,
      ] : null}
      data-testid="merge-dialog"
    >
      {!other ? (
        <>
          <Input.Search autoFocus allowClear placeholder={t('identity.merge.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="merge-search" />
          <Typography.Text type="secondary" style={{ display: 'block', margin: '8px 0' }}>{query.trim() ? t('identity.merge.searchResults') : t('identity.merge.likely')}</Typography.Text>
          <List
            size="small"
            loading={query.trim() ? search.isFetching : likely.isPending && Boolean(person.data)}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query.trim() ? t('identity.merge.noResults') : t('identity.merge.noLikely')} /> }}
            dataSource={results}
            renderItem={(item) => (
              <List.Item
                data-testid="merge-candidate"
                actions={[<Button key="pick" size="small" type="primary" ghost onClick={() => setOther(item)}>{t('identity.merge.pick')}</Button>]}
              >
                <Space wrap>
                  <Typography.Text strong>{item.name}</Typography.Text>
                  {item.candidate && <Tag color={item.candidate.probability >= 0.95 ? 'green' : 'gold'}>{t('identity.merge.probability', { probability: percent(item.candidate.probability) })}</Tag>}
                  {item.detail && <Typography.Text type="secondary">{item.detail}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : (
        <MergePreview personId={personId} personName={person.data?.name ?? ''} other={other} keep={keep} onKeep={setKeep} />
      )}
    </Modal>
  );
}

function MergePreview({ personId, personName, other, keep, onKeep }: { personId: string; personName: string; other: { id: string; name: string; candidate?: MatchCandidate }; keep: 'this' | 'other'; onKeep: (keep: 'this' | 'other') => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mine = usePersonTouchpoints(personId);
  const theirs = usePersonTouchpoints(other.id);
  const owners = useMemo(() => {
    const map = new Map<string, string>();
    for (const item of mine.data?.items ?? []) map.set(item.id, personName);
    for (const item of theirs.data?.items ?? []) map.set(item.id, other.name);
    return map;
  }, [mine.data, theirs.data, personName, other.name]);
  const golden = useMemo(() => mergedGolden([...(mine.data?.items ?? []), ...(theirs.data?.items ?? [])]), [mine.data, theirs.data]);
  const explained = other.candidate ? explain(other.candidate.explanation) : null;
  const mergedName = keep === 'this' ? other.name : personName;
  const moving = (keep === 'this' ? theirs.data : mine.data)?.items.length ?? 0;
  const rows = GOLDEN_FIELDS.flatMap((field) => {
    const value = golden[field];
    return value ? [{ field, value }] : [];
  });

  return (
    <div data-testid="merge-preview">
      <Typography.Paragraph>{t('identity.merge.keepQuestion')}</Typography.Paragraph>
      <Radio.Group value={keep} onChange={(e) => onKeep(e.target.value as 'this' | 'other')} style={{ marginBottom: 12 }}>
        <Space direction="vertical">
          <Radio value="this">{t('identity.merge.keepThis', { name: personName })}</Radio>
          <Radio value="other">{t('identity.merge.keepOther', { name: other.name })}</Radio>
        </Space>
      </Radio.Group>
      <Typography.Paragraph type="secondary">{t('identity.merge.moves', { name: mergedName, count: moving })}</Typography.Paragraph>
      <Typography.Text strong>{t('identity.merge.goldenPreview')}</Typography.Text>
      <Table
        size="small"
        rowKey="field"
        pagination={false}
        loading={mine.isPending || theirs.isPending}
        scroll={{ x: 'max-content' }}
        style={{ margin: '8px 0 12px' }}
        data-testid="golden-preview"
        dataSource={rows}
        columns={[
          { key: 'field', title: t('identity.merge.columnField'), render: (_, row) => t(`identity.goldenField.${row.field}`) },
          { key: 'value', title: t('identity.merge.columnValue'), render: (_, row) => <Typography.Text strong>{goldenText(t, row.field, row.value.value, format.date)}</Typography.Text> },
          {
            key: 'source', title: t('identity.merge.columnSource'),
            render: (_, row) => (
              <div>
                <Tag>{owners.get(row.value.touchpointId) ?? '—'}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sourceLabel(t, row.value.source)} · {format.dateTime(row.value.receivedAt)} · {t(`identity.rule.${row.value.rule}`, { count: row.value.seen })}</Typography.Text>
              </div>
            ),
          },
        ]}
      />
      {explained && (
        <>
          <Typography.Text strong>{t('identity.explain.title')}</Typography.Text>
          <div style={{ marginTop: 8 }}><ExplanationBars explained={explained} /></div>
        </>
      )}
    </div>
  );
}

/**
 * On the customer 360 page: the golden record (each field's surviving value and where it came from), every source
 * record linked to this customer (source, time, values as received, match probability and why), "merge with…",
 * and the merge history with un-merge.
 */
import { MergeCellsOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { usePersonTouchpoints, type GoldenRecord, type Touchpoint } from '../api/identity.ts';
import { explain, percent } from '../lib/explanation.ts';
import { goldenText, sourceLabel } from '../lib/labels.ts';
import { ExplanationBars } from './ExplanationBars.tsx';
import { MergeHistory } from './MergeHistory.tsx';
import '../identity.css';

const MergeDialog = lazy(() => import('./MergeDialog.tsx').then((m) => ({ default: m.MergeDialog })));

/** Newest first; a customer seen in many files shows these until asked for all. */
const FIRST_SHOWN = 5;
const GOLDEN_ORDER = ['name', 'mobile', 'phone', 'email', 'address', 'birthDate', 'gender', 'company', 'wechatId'];

export function SourceRecordsCard({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const touchpoints = usePersonTouchpoints(personId);
  const [merging, setMerging] = useState(false);
  const [all, setAll] = useState(false);
  const items = touchpoints.data?.items ?? [];
  const shown = all ? items : items.slice(0, FIRST_SHOWN);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      loading={touchpoints.isPending}
      title={t('identity.sources.title', { count: items.length })}
      extra={<Button size="small" icon={<MergeCellsOutlined />} onClick={() => setMerging(true)} data-testid="merge-with">{t('identity.merge.open')}</Button>}
      data-testid="source-records"
    >
      {touchpoints.isError ? (
        <Typography.Text type="secondary">{t('common.error')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('identity.sources.empty')} />
      ) : (
        <>
          <GoldenRecordView golden={touchpoints.data?.golden ?? {}} />
          <ol style={{ listStyle: 'none', margin: '12px 0 0', padding: 0 }}>
            {shown.map((item) => <SourceRecord key={item.id} item={item} />)}
          </ol>
          {shown.length < items.length && <Button type="link" block onClick={() => setAll(true)} data-testid="all-sources">{t('identity.sources.showAll', { count: items.length })}</Button>}
        </>
      )}
      <MergeHistory personId={personId} />
      {merging && (
        <Suspense fallback={null}>
          <MergeDialog personId={personId} onClose={() => setMerging(false)} />
        </Suspense>
      )}
    </Card>
  );
}

export function GoldenRecordView({ golden, testId = 'golden-record' }: { golden: GoldenRecord; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const fields = GOLDEN_ORDER.filter((field) => golden[field]);
  if (fields.length === 0) return null;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2 }}
      title={<Typography.Text strong>{t('identity.golden.title')}</Typography.Text>}
      data-testid={testId}
      items={fields.map((field) => {
        const value = golden[field];
        if (!value) return { key: field };
        const why = t(`identity.rule.${value.rule}`, { count: value.seen });
        return {
          key: field,
          label: t(`identity.goldenField.${field}`),
          children: (
            <div>
              <div>{goldenText(t, field, value.value, format.date)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sourceLabel(t, value.source)} · {why}</Typography.Text>
            </div>
          ),
        };
      })}
    />
  );
}

function SourceRecord({ item }: { item: Touchpoint }) {
  const { t } = useTranslation();
  const format = useFormat();
  const explained = explain(item.explanation);
  const values = Object.entries(item.raw).filter(([, v]) => v.trim() !== '');
  return (
    <li style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }} data-testid="source-record">
      <Space wrap size={[6, 2]}>
        <Tag color="geekblue">{sourceLabel(t, item.source)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{format.dateTime(item.receivedAt)}</Typography.Text>
        {item.line !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('identity.sources.line', { line: item.line })}</Typography.Text>}
        {item.matchProbability === null ? (
          <Tag>{t(`identity.linkKind.${item.linkKind}`, { defaultValue: item.linkKind })}</Tag>
        ) : (
          <Tag color="green">{t('identity.sources.matched', { probability: percent(item.matchProbability) })}</Tag>
        )}
        {explained && (
          <Popover trigger="click" title={t('identity.explain.title')} content={<div style={{ width: 'min(340px, 80vw)' }}><ExplanationBars explained={explained} /></div>}>
            <Button size="small" type="link" icon={<QuestionCircleOutlined />} data-testid="why-linked">{t('identity.sources.why')}</Button>
          </Popover>
        )}
      </Space>
      <div style={{ marginTop: 4, overflowWrap: 'anywhere' }}>
        {values.map(([key, value], i) => (
          <span key={key}>
            {i > 0 && <Typography.Text type="secondary"> · </Typography.Text>}
            <Tooltip title={key}><Typography.Text type="secondary">{t(`identity.rawField.${key}`, { defaultValue: key })} </Typography.Text></Tooltip>
            {value}
          </span>
        ))}
      </div>
    </li>
  );
}

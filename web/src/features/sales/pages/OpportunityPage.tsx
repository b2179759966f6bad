/**
 * /opportunities/:id — one opportunity or engineering project: amount, its stages as a progress bar with who
 * answers for each, the stage history with time in each, win/loss reason, and the quotes, contracts, orders and
 * receivables made for it. Edits carry If-Match.
 */
import { EditOutlined, FileAddOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Dropdown, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { RelatedDocuments } from '../../commerce/components/RelatedDocuments.tsx';
import { useUsers } from '../../settings/api/settings.ts';
import { useOpportunity, usePipelines, useStageHistory } from '../api/sales.ts';
import { CustomerName } from '../components/CustomerName.tsx';
import { StageHistory } from '../components/StageHistory.tsx';
import { StageSteps } from '../components/StageSteps.tsx';
import { useStageMove } from '../components/useStageMove.tsx';
import { useSalesLabels } from '../lib/labels.ts';
import { money } from '../lib/money.ts';

const OpportunityEditDrawer = lazy(() => import('../components/OpportunityEditDrawer.tsx').then((m) => ({ default: m.OpportunityEditDrawer })));

export function OpportunityPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useSalesLabels();
  const users = useUsers();
  const opportunity = useOpportunity(id);
  const pipelines = usePipelines();
  const history = useStageHistory(id, opportunity.data?.version);
  const pipeline = pipelines.data?.find((p) => p.id === opportunity.data?.pipelineId);
  const { move, dialogs } = useStageMove(pipeline);
  const [editing, setEditing] = useState(false);

  if (opportunity.isPending) return <PageLoading />;
  if (!opportunity.data) {
    const missing = isApiError(opportunity.error, 404);
    return <Result status={missing ? '404' : 'error'} title={missing ? t('sales.opportunity.notFound') : t('common.error')} />;
  }
  const o = opportunity.data;
  const userName = (uid: string | null) => (uid ? users.data?.find((u) => u.id === uid)?.displayName ?? '—' : '—');
  const stage = pipeline?.stages.find((s) => s.key === o.stage);
  const weighted = o.amount ? (Number(o.amount) * Number(o.probability)) / 100 : null;
  const customEntries = Object.entries(o.custom).filter(([, v]) => v !== null && v !== '');

  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 200 }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="opportunity-title">{o.name}</Typography.Title>
            <Space wrap size={4} style={{ marginTop: 6 }}>
              <Tag>{pipeline ? t(`sales.pipeline.${pipeline.key}`, { defaultValue: pipeline.name }) : '…'}</Tag>
              <Tag color={o.status === 'won' ? 'green' : o.status === 'lost' ? 'default' : 'red'} data-testid="opportunity-stage">{pipeline && stage ? labels.stage(pipeline.key, stage) : o.stage}</Tag>
              <Tag>{t(`sales.status.${o.status}`)}</Tag>
            </Space>
          </div>
          <div style={{ textAlign: 'right' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="opportunity-amount">{money(format, o.amount, o.currency)}</Typography.Title>
            <Typography.Text type="secondary">{t('sales.opportunity.weighted', { amount: weighted === null ? '—' : money(format, weighted.toFixed(2), o.currency), probability: Number(o.probability) })}</Typography.Text>
          </div>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!pipeline} data-testid="edit-opportunity">{t('common.edit')}</Button>
          <Dropdown
            trigger={['click']}
            disabled={!pipeline}
            menu={{
              items: (pipeline?.stages ?? []).filter((s) => s.key !== o.stage).map((s) => ({ key: s.key, label: pipeline ? labels.stage(pipeline.key, s) : s.name, 'data-testid': `move-${s.key}` })),
              onClick: ({ key }) => void move(o, key),
            }}
          >
            <Button icon={<SwapOutlined />} data-testid="move-opportunity">{t('sales.board.moveTo')}</Button>
          </Dropdown>
          <Link to={`/quotes/new?opportunityId=${o.id}`}><Button icon={<FileAddOutlined />} data-testid="new-quote">{t('sales.opportunity.newQuote')}</Button></Link>
          <Link to={`/pipelines?pipeline=${pipeline?.key ?? 'sales'}`}>{t('sales.opportunity.toBoard')}</Link>
        </Space>
      </Card>
      <Card size="small" title={t('sales.opportunity.stages')} style={{ marginBottom: 12 }}>
        {pipeline && history.data ? <StageSteps opportunity={o} pipeline={pipeline} history={history.data} /> : <Skeleton active paragraph={{ rows: 1 }} />}
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', gap: 12 }}>
        <Card size="small" title={t('sales.opportunity.details')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'customer', label: t('sales.field.customer'), children: <CustomerName organisationId={o.organisationId} personId={o.personId} /> },
              { key: 'expectedCloseOn', label: labels.field('expectedCloseOn'), children: format.date(o.expectedCloseOn) || '—' },
              { key: 'owner', label: labels.field('ownerId'), children: userName(o.ownerId) },
              { key: 'stageOwner', label: t('sales.field.stageOwner'), children: `${userName(o.stageOwnerId)}${stage?.ownerRole ? ` (${labels.role(stage.ownerRole)})` : ''}` },
              ...(o.winReason ? [{ key: 'win', label: labels.field('winReason'), children: o.winReason }] : []),
              ...(o.lossReason ? [{ key: 'loss', label: labels.field('lossReason'), children: o.lossReason }] : []),
              ...customEntries.map(([key, value]) => ({ key: `custom.${key}`, label: labels.field(`custom.${key}`), children: /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? format.date(String(value)) : String(value) })),
              { key: 'description', label: labels.field('description'), children: o.description || '—' },
              { key: 'updatedAt', label: t('sales.field.updatedAt'), children: format.dateTime(o.updatedAt) },
            ]}
          />
        </Card>
        <Card size="small" title={t('sales.opportunity.history')}>
          {pipeline && history.data ? <StageHistory history={history.data} pipeline={pipeline} /> : <Skeleton active />}
        </Card>
      </div>
      <div style={{ marginTop: 12 }}>
        <RelatedDocuments opportunity={o} />
      </div>
      {dialogs}
      {editing && pipeline && (
        <Suspense fallback={null}>
          <OpportunityEditDrawer opportunity={o} pipeline={pipeline} onClose={() => setEditing(false)} />
        </Suspense>
      )}
    </div>
  );
}

/** /pipelines — the kanban of the chosen pipeline (sales or engineering project), `?pipeline=<key>` in the URL. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Result, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useKanban, usePipelines } from '../api/sales.ts';
import { KanbanBoard } from '../components/KanbanBoard.tsx';
import { NewOpportunityModal } from '../components/NewOpportunityModal.tsx';
import { useStageMove } from '../components/useStageMove.tsx';
import '../sales.css';

export function PipelinePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const key = params.get('pipeline') ?? 'sales';
  const pipeline = pipelines.data?.find((p) => p.key === key || p.id === key);
  const board = useKanban(pipeline?.key ?? key);
  const { move, dialogs } = useStageMove(pipeline);
  const [creating, setCreating] = useState(false);

  if (pipelines.isError || board.isError) return <Result status="error" title={t('common.error')} />;
  return (
    <div className="gx-page">
      <div className="gx-toolbar">
        <Typography.Title level={3}>{t('sales.board.title')}</Typography.Title>
        <Segmented
          data-testid="pipeline-choice"
          value={pipeline?.key ?? key}
          onChange={(value) => setParams({ pipeline: String(value) })}
          options={(pipelines.data ?? []).map((p) => ({ value: p.key, label: t(`sales.pipeline.${p.key}`, { defaultValue: p.name }) }))}
        />
        <Link to="/forecast">{t('sales.forecast.title')}</Link>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!pipeline} data-testid="new-opportunity">
          {t(pipeline?.kind === 'project' ? 'sales.newProject' : 'sales.newOpportunity')}
        </Button>
      </div>
      {board.data && pipeline ? <KanbanBoard board={board.data} pipeline={pipeline} onMove={(o, stage) => void move(o, stage)} /> : <Skeleton active />}
      {dialogs}
      {creating && pipeline && <NewOpportunityModal pipeline={pipeline} onClose={() => setCreating(false)} onCreated={(o) => navigate(`/opportunities/${o.id}`)} />}
    </div>
  );
}

/**
 * Moving an opportunity to another stage, from a drop on the board or the "move to stage" menu. The card moves at
 * once; if the server refuses, it goes back where it was and the user sees why: the stage gate's missing fields
 * (with a form to supply them), or — when someone else changed the record first (412) — a prompt to reload.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { moveStage, refreshOpportunity, type Kanban, type Opportunity, type Pipeline } from '../api/sales.ts';
import { gateRefusal } from '../lib/gate.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { StageGateDialog } from './StageGateDialog.tsx';

/** The board with one card taken out of its column and put at the top of another. */
function withCardMoved(board: Kanban, opportunity: Opportunity, stage: string): Kanban {
  // The board's own card (it carries the customer's name, which an opportunity alone does not).
  const card = board.columns.flatMap((column) => column.items).find((o) => o.id === opportunity.id);
  if (!card) return board;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.key === opportunity.stage) return { ...column, count: column.count - 1, items: column.items.filter((o) => o.id !== opportunity.id) };
      if (column.stage.key === stage) return { ...column, count: column.count + 1, items: [{ ...card, stage }, ...column.items] };
      return column;
    }),
  };
}

export function useStageMove(pipeline: Pipeline | undefined) {
  const { t } = useTranslation();
  const labels = useSalesLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [gate, setGate] = useState<{ opportunity: Opportunity; stage: string; missing: string[] }>();

  const promptReload = (opportunity: Opportunity) => {
    modal.confirm({
      title: t('sales.board.staleTitle'),
      content: t('sales.board.staleExplain', { name: opportunity.name }),
      okText: t('sales.board.reload'),
      cancelText: t('common.cancel'),
      onOk: () => refreshOpportunity(client),
    });
  };

  const move = async (opportunity: Opportunity, stage: string) => {
    if (!pipeline || stage === opportunity.stage) return;
    const key = ['sales', 'kanban', pipeline.key];
    const before = client.getQueryData<Kanban>(key);
    if (before) client.setQueryData(key, withCardMoved(before, opportunity, stage));
    const target = pipeline.stages.find((s) => s.key === stage);
    try {
      const saved = await moveStage(opportunity, { stage });
      message.success(t('sales.board.moved', { name: opportunity.name, stage: target ? labels.stage(pipeline.key, target) : stage }));
      refreshOpportunity(client, saved);
    } catch (error) {
      if (before) client.setQueryData(key, before); // the card returns
      const refusal = gateRefusal(error);
      if (refusal) setGate({ opportunity, stage, missing: refusal.missing });
      else if (isApiError(error, 412)) promptReload(opportunity);
      else message.error(isApiError(error) ? error.message : t('common.error'));
    }
  };

  const dialogs: ReactNode = gate && pipeline ? (
    <StageGateDialog
      opportunity={gate.opportunity}
      pipeline={pipeline}
      stage={gate.stage}
      missing={gate.missing}
      onClose={() => setGate(undefined)}
      onStale={() => {
        setGate(undefined);
        promptReload(gate.opportunity);
      }}
    />
  ) : null;

  return { move, dialogs };
}

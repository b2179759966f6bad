/** One stage of the board: a drop target with the stage's count and its weighted amount per currency. */
import { useDroppable } from '@dnd-kit/core';
import { Badge, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import type { Kanban, Opportunity, Pipeline } from '../api/sales.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { money } from '../lib/money.ts';
import { KanbanCard } from './KanbanCard.tsx';

type Column = Kanban['columns'][number];
type Props = { column: Column; pipeline: Pipeline; ownerName: (id: string | null) => string | undefined; onMove: (opportunity: Opportunity, stage: string) => void };

export function KanbanColumn({ column, pipeline, ownerName, onMove }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useSalesLabels();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.key });
  const outcome = column.stage.outcome;
  return (
    <section ref={setNodeRef} className={`gx-kanban-column${isOver ? ' gx-kanban-over' : ''}`} data-testid={`column-${column.stage.key}`} aria-label={labels.stage(pipeline.key, column.stage)}>
      <header style={{ borderTop: `3px solid ${outcome === 'won' ? '#389e0d' : outcome === 'lost' ? '#8c8c8c' : '#b8322a'}`, paddingTop: 6, marginBottom: 8 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <Typography.Text strong style={{ flex: 1, minWidth: 0 }} ellipsis>{labels.stage(pipeline.key, column.stage)}</Typography.Text>
          <Badge count={column.count} showZero color="#8c8c8c" data-testid={`count-${column.stage.key}`} />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sales.board.probability', { value: column.stage.probability })}
          {column.totals.map((total) => <span key={total.currency}> · {t('sales.board.weighted', { amount: money(format, total.weighted, total.currency) })}</span>)}
        </Typography.Text>
      </header>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 80 }}>
        {column.items.map((o) => <KanbanCard key={o.id} opportunity={o} pipeline={pipeline} ownerName={ownerName(o.ownerId)} onMove={(stage) => onMove(o, stage)} />)}
        {column.count > column.items.length && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('sales.board.more', { count: column.count - column.items.length })}</Typography.Text>}
      </div>
    </section>
  );
}

/**
 * The board: a column per stage, cards dragged between them (mouse; on touch screens after a short press, so a
 * swipe still scrolls the board sideways). Every card also has a "move to stage" menu for the keyboard.
 */
import { DndContext, DragOverlay, MouseSensor, TouchSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useState } from 'react';
import { useUsers } from '../../settings/api/settings.ts';
import type { Kanban, KanbanItem, Opportunity, Pipeline } from '../api/sales.ts';
import { KanbanCard } from './KanbanCard.tsx';
import { KanbanColumn } from './KanbanColumn.tsx';

type Props = { board: Kanban; pipeline: Pipeline; onMove: (opportunity: Opportunity, stage: string) => void };

export function KanbanBoard({ board, pipeline, onMove }: Props) {
  const users = useUsers();
  const [dragging, setDragging] = useState<KanbanItem>();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
  );
  const ownerName = (id: string | null) => (id ? users.data?.find((u) => u.id === id)?.displayName : undefined);

  const start = (event: DragStartEvent) => setDragging((event.active.data.current as { opportunity?: KanbanItem } | undefined)?.opportunity);
  const end = (event: DragEndEvent) => {
    setDragging(undefined);
    const opportunity = (event.active.data.current as { opportunity?: Opportunity } | undefined)?.opportunity;
    const stage = event.over?.id;
    if (opportunity && typeof stage === 'string' && stage !== opportunity.stage) onMove(opportunity, stage);
  };

  return (
    <DndContext sensors={sensors} onDragStart={start} onDragEnd={end} onDragCancel={() => setDragging(undefined)}>
      <div className="gx-kanban" data-testid="kanban">
        {board.columns.map((column) => <KanbanColumn key={column.stage.key} column={column} pipeline={pipeline} ownerName={ownerName} onMove={onMove} />)}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging && <KanbanCard opportunity={dragging} pipeline={pipeline} ownerName={ownerName(dragging.ownerId)} onMove={() => undefined} overlay />}
      </DragOverlay>
    </DndContext>
  );
}

/** One opportunity on the board: customer (its name comes with the board), amount, expected close, owner, time in stage — and a keyboard move menu. */
import { useDraggable } from '@dnd-kit/core';
import { MoreOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import type { KanbanItem, Pipeline } from '../api/sales.ts';
import { durationParts, money, secondsSince } from '../lib/money.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { CustomerName } from './CustomerName.tsx';

type Props = { opportunity: KanbanItem; pipeline: Pipeline; ownerName?: string; onMove: (stage: string) => void; overlay?: boolean };

export function KanbanCard({ opportunity: o, pipeline, ownerName, onMove, overlay = false }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useSalesLabels();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: o.id, data: { opportunity: o }, disabled: overlay });
  const stay = durationParts(secondsSince(o.stageEnteredAt));
  return (
    <div
      ref={overlay ? undefined : setNodeRef}
      {...(overlay ? {} : listeners)}
      {...(overlay ? {} : attributes)}
      // The menu is the keyboard path; the card itself need not be a tab stop.
      tabIndex={-1}
      role="group"
      aria-label={o.name}
      className="gx-kanban-card"
      data-testid={`card-${o.id}`}
      data-card-name={o.name}
      style={{ opacity: isDragging ? 0.35 : 1, boxShadow: overlay ? '0 8px 24px rgba(0,0,0,.18)' : undefined, cursor: overlay ? 'grabbing' : 'grab' }}
    >
      <div style={{ display: 'flex', gap: 4, alignItems: 'flex-start' }}>
        <Link to={`/opportunities/${o.id}`} draggable={false} style={{ fontWeight: 500, flex: 1, minWidth: 0, wordBreak: 'break-word' }}>{o.name}</Link>
        <Dropdown
          trigger={['click']}
          autoFocus // opened from the keyboard, the arrow keys go straight to the stages
          menu={{
            items: [{
              key: 'move',
              label: t('sales.board.moveTo'),
              type: 'group',
              children: pipeline.stages.filter((s) => s.key !== o.stage).map((s) => ({ key: s.key, label: labels.stage(pipeline.key, s), 'data-testid': `move-${s.key}` })),
            }],
            onClick: ({ key }) => onMove(key),
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('sales.board.moveMenu', { name: o.name })} data-testid={`move-menu-${o.id}`} onPointerDown={(e) => e.stopPropagation()} onMouseDown={(e) => e.stopPropagation()} />
        </Dropdown>
      </div>
      <div style={{ fontSize: 13 }}><CustomerName organisationId={o.organisationId} personId={o.personId} knownName={o.customerName} /></div>
      <div style={{ fontWeight: 600, margin: '4px 0' }}>{money(format, o.amount, o.currency)}</div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.expectedCloseOn ? t('sales.board.closes', { date: format.date(o.expectedCloseOn) }) : t('sales.board.noCloseDate')}</Typography.Text>
        <Tag style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}>{t(`sales.duration.${stay.unit}`, { count: stay.count })}</Tag>
      </div>
      {ownerName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{ownerName}</Typography.Text>}
    </div>
  );
}

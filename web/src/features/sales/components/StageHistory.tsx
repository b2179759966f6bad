/** Every stay in a stage: when it began and ended, how long it lasted, who answered for it and who moved it on. */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { useUsers } from '../../settings/api/settings.ts';
import type { Pipeline } from '../api/sales.ts';
import type { StageStay } from '../lib/history.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { durationParts } from '../lib/money.ts';

export function StageHistory({ history, pipeline }: { history: StageStay[]; pipeline: Pipeline }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useSalesLabels();
  const users = useUsers();
  const userName = (id: string | null) => (id ? users.data?.find((u) => u.id === id)?.displayName ?? '—' : '—');
  const stageName = (key: string) => {
    const stage = pipeline.stages.find((s) => s.key === key);
    return stage ? labels.stage(pipeline.key, stage) : key;
  };
  return (
    <Table
      data-testid="stage-history"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowKey={(row) => `${row.stage}-${row.enteredAt}`}
      dataSource={history}
      columns={[
        { key: 'stage', title: t('sales.history.stage'), render: (_, row) => stageName(row.stage) },
        { key: 'time', title: t('sales.history.timeInStage'), render: (_, row) => { const d = durationParts(row.secondsInStage); return t(`sales.duration.${d.unit}`, { count: d.count }); } },
        { key: 'owner', title: t('sales.history.owner'), render: (_, row) => userName(row.ownerId) },
        { key: 'entered', title: t('sales.history.entered'), render: (_, row) => format.dateTime(row.enteredAt) },
        { key: 'left', title: t('sales.history.left'), render: (_, row) => (row.leftAt ? format.dateTime(row.leftAt) : t('sales.history.now')) },
        { key: 'movedBy', title: t('sales.history.movedBy'), render: (_, row) => userName(row.movedBy) },
      ]}
    />
  );
}

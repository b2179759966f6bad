/**
 * The stages as a progress bar: done, current, to come. Each step names who answers for it — the person for
 * stages already reached (from the history), the responsible role for stages still ahead. Lost stages show only
 * when the opportunity was lost.
 */
import { Grid, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../settings/api/settings.ts';
import type { Opportunity, Pipeline } from '../api/sales.ts';
import type { StageStay } from '../lib/history.ts';
import { useSalesLabels } from '../lib/labels.ts';

type Props = { opportunity: Opportunity; pipeline: Pipeline; history: StageStay[] };

export function StageSteps({ opportunity, pipeline, history }: Props) {
  const { t } = useTranslation();
  const labels = useSalesLabels();
  const users = useUsers();
  const narrow = !Grid.useBreakpoint().md;
  const stages = pipeline.stages.filter((s) => s.outcome !== 'lost' || s.key === opportunity.stage);
  const current = stages.findIndex((s) => s.key === opportunity.stage);
  const userName = (id: string | null) => users.data?.find((u) => u.id === id)?.displayName;
  const lastOwner = (stage: string) => [...history].reverse().find((h) => h.stage === stage)?.ownerId ?? null;
  return (
    <Steps
      data-testid="stage-steps"
      size="small"
      orientation={narrow ? 'vertical' : 'horizontal'}
      titlePlacement={narrow ? 'horizontal' : 'vertical'}
      current={current}
      status={opportunity.status === 'lost' ? 'error' : opportunity.status === 'won' ? 'finish' : 'process'}
      items={stages.map((stage, index) => {
        const who = index <= current ? userName(lastOwner(stage.key)) : undefined;
        return {
          key: stage.key,
          title: labels.stage(pipeline.key, stage),
          content: who ?? t('sales.opportunity.roleAnswers', { role: labels.role(stage.ownerRole) }),
        };
      })}
    />
  );
}

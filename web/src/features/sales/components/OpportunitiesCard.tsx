/** The customer 360 card: the customer's opportunities and projects, with stage and amount, and a way to add one. */
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { useCustomerOpportunities, usePipelines } from '../api/sales.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { money } from '../lib/money.ts';

export function OpportunitiesCard({ customer }: { customer: { organisationId?: string; personId?: string } }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useSalesLabels();
  const opportunities = useCustomerOpportunities(customer);
  const pipelines = usePipelines();
  const stageName = (pipelineId: string, key: string) => {
    const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
    const stage = pipeline?.stages.find((s) => s.key === key);
    return pipeline && stage ? labels.stage(pipeline.key, stage) : key;
  };
  return (
    <Card size="small" title={t('slots.opportunities.title')} loading={opportunities.isPending} extra={<Link to="/pipelines">{t('sales.card.board')}</Link>} data-testid="opportunities-card">
      <Rows
        rows={(opportunities.data?.items ?? []).map((o) => ({
          key: o.id,
          title: <Link to={`/opportunities/${o.id}`}>{o.name}</Link>,
          description: `${money(format, o.amount, o.currency)}${o.expectedCloseOn ? ` · ${t('sales.board.closes', { date: format.date(o.expectedCloseOn) })}` : ''}`,
          extra: <Tag color={o.status === 'won' ? 'green' : o.status === 'lost' ? 'default' : 'red'}>{stageName(o.pipelineId, o.stage)}</Tag>,
        }))}
      />
    </Card>
  );
}

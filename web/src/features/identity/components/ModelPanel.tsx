/**
 * For administrators, under the review queue: what the matching model has learnt from the decisions made here,
 * and "retrain" — the decided pairs update each field's weights; the changes are listed, before → after.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useMe } from '../../auth/api/session.ts';
import { useMatchModel, useRetrain } from '../api/identity.ts';
import { levelKey, signedWeight } from '../lib/explanation.ts';

const SHOWN_CHANGES = 8;

export function ModelPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const admin = Boolean(me.data?.isAdmin);
  const model = useMatchModel(admin);
  const retrain = useRetrain();
  if (!admin || !model.data) return null;

  const fieldName = (comparison: string) => t(`identity.field.${comparison}`, { defaultValue: comparison });
  const levelName = (comparison: string, level: string) => t(`identity.level.${comparison}.${levelKey(level)}`, { defaultValue: t('identity.level.generic', { field: fieldName(comparison), level }) });
  const changes = [...(retrain.data?.changes ?? [])].sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before)).slice(0, SHOWN_CHANGES);
  const { same, different, trainedAt } = model.data;

  return (
    <Card size="small" style={{ marginTop: 12 }} title={<><ExperimentOutlined /> {t('identity.model.title')}</>} data-testid="model-panel"
      extra={
        <Button
          size="small"
          loading={retrain.isPending}
          onClick={() => retrain.mutate(undefined, { onError: (error) => message.error(isApiError(error) ? error.message : t('common.error')) })}
          data-testid="retrain"
        >
          {t('identity.model.retrain')}
        </Button>
      }
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {trainedAt ? t('identity.model.trained', { same, different, time: format.dateTime(trainedAt) }) : t('identity.model.defaults')}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('identity.model.how')}</Typography.Text>
      {retrain.data && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          header={t('identity.model.changes', { same: retrain.data.same, different: retrain.data.different })}
          dataSource={changes}
          locale={{ emptyText: t('identity.model.noChanges') }}
          data-testid="retrain-changes"
          renderItem={(change) => (
            <List.Item>
              <span>{levelName(change.comparison, change.level)}</span>
              <span style={{ fontVariantNumeric: 'tabular-nums' }}>{signedWeight(change.before)} → <b>{signedWeight(change.after)}</b></span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

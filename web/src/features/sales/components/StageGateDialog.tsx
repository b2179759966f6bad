/**
 * A stage gate said no: name every missing field, and let the user fill them in and make the move in one step
 * (the API's move takes the values to set with it). Cancelling leaves the opportunity where it was.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { moveStage, refreshOpportunity, type Opportunity, type Pipeline } from '../api/sales.ts';
import { gateRefusal, gateValuesToPatch } from '../lib/gate.ts';
import { useSalesLabels } from '../lib/labels.ts';
import { GateFieldInput } from './GateFieldInput.tsx';

type Props = {
  opportunity: Opportunity;
  pipeline: Pipeline;
  stage: string;
  missing: string[];
  onClose: () => void;
  onStale: () => void;
};

export function StageGateDialog({ opportunity, pipeline, stage, missing: initiallyMissing, onClose, onStale }: Props) {
  const { t } = useTranslation();
  const labels = useSalesLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Record<string, string | null>>();
  const [missing, setMissing] = useState(initiallyMissing);
  const [saving, setSaving] = useState(false);
  const target = pipeline.stages.find((s) => s.key === stage);
  const stageName = target ? labels.stage(pipeline.key, target) : stage;

  const submit = async (values: Record<string, string | null>) => {
    setSaving(true);
    try {
      const saved = await moveStage(opportunity, { stage, set: gateValuesToPatch(values) });
      refreshOpportunity(client, saved);
      message.success(t('sales.board.moved', { name: opportunity.name, stage: stageName }));
      onClose();
    } catch (error) {
      const refusal = gateRefusal(error);
      if (refusal) setMissing(refusal.missing);
      else if (isApiError(error, 412)) onStale();
      else if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field.replace(/^set\./, '').replace(/^custom\./, 'custom.'), errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('sales.gate.title', { stage: stageName })}
      okText={t('sales.gate.fillAndMove')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'gate-submit' }}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        data-testid="stage-gate"
        data-stage={stage}
        title={t('sales.gate.refused', { name: opportunity.name, stage: stageName })}
        description={<ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>{missing.map((f) => <li key={f} data-testid={`missing-${f}`}>{labels.field(f)}</li>)}</ul>}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        {missing.map((field) => (
          <Form.Item key={field} name={field} label={labels.field(field)} rules={[{ required: true, message: t('sales.gate.required') }]}>
            <GateFieldInput field={field} opportunity={opportunity} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

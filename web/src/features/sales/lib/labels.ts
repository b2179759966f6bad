/**
 * Stage and field names in the UI language. Pipelines are data (a tenant may add its own stages), so a stage the
 * catalogue does not know keeps the name the pipeline gives it.
 */
import { useTranslation } from 'react-i18next';

export function useSalesLabels() {
  const { t } = useTranslation();
  return {
    stage: (pipelineKey: string, stage: { key: string; name: string }) => t(`sales.stage.${pipelineKey}.${stage.key}`, { defaultValue: stage.name }),
    /** A stage-gate field: `amount`, `contractId`, or `custom.bidDeadline`. */
    field: (field: string) =>
      field.startsWith('custom.') ? t(`sales.custom.${field.slice(7)}`, { defaultValue: field.slice(7) }) : t(`sales.field.${field}`, { defaultValue: field }),
    role: (role: string | null) => (role ? t(`sales.ownerRole.${role}`, { defaultValue: role }) : '—'),
  };
}

/**
 * Why two records look like the same person: one bar per compared field, green to the right for evidence of
 * "same", red to the left for evidence against, with the weight in bits; then the base rate and the total.
 */
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { percent, signedWeight, type ExplainedMatch } from '../lib/explanation.ts';
import { listOf } from '../lib/labels.ts';

export function ExplanationBars({ explained, compact = false }: { explained: ExplainedMatch; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const scale = Math.max(1, ...explained.contributions.map((c) => Math.abs(c.weight)));
  const fieldName = (comparison: string) => t(`identity.field.${comparison}`, { defaultValue: comparison });
  return (
    <div className="gx-explain" data-testid="explanation">
      {explained.vetoedBy && <Tag color="red" style={{ marginBottom: 8 }}>{t('identity.explain.vetoed', { field: fieldName(explained.vetoedBy) })}</Tag>}
      {explained.contributions.map((c) => {
        const label = t(`identity.level.${c.labelKey}`, { defaultValue: t('identity.level.generic', { field: fieldName(c.comparison), level: c.level }) });
        const width = `${(Math.abs(c.weight) / scale) * 50}%`;
        const detail = (
          <div>
            <div>{c.left || '—'} ⇄ {c.right || '—'}</div>
            {Math.abs(c.tfAdjustment) >= 0.05 && <div>{t(c.tfAdjustment < 0 ? 'identity.explain.common' : 'identity.explain.rare', { weight: signedWeight(c.tfAdjustment) })}</div>}
          </div>
        );
        return (
          <Tooltip key={c.comparison} title={detail}>
            <div className="gx-explain-row" data-testid={`contribution-${c.comparison}`}>
              <span className="gx-explain-label">
                {label}
                {Math.abs(c.tfAdjustment) >= 1 && <Typography.Text type="secondary"> · {t(c.tfAdjustment < 0 ? 'identity.explain.commonShort' : 'identity.explain.rareShort')}</Typography.Text>}
              </span>
              <span className="gx-explain-track" aria-hidden>
                <span className={c.weight >= 0 ? 'gx-explain-bar gx-pos' : 'gx-explain-bar gx-neg'} style={{ width }} />
              </span>
              <span className={c.weight >= 0 ? 'gx-explain-value gx-pos-text' : 'gx-explain-value gx-neg-text'}>{signedWeight(c.weight)}</span>
            </div>
          </Tooltip>
        );
      })}
      {!compact && (
        <>
          <div className="gx-explain-row gx-explain-sum">
            <Tooltip title={t('identity.explain.priorWhy')}><span className="gx-explain-label">{t('identity.explain.prior')}</span></Tooltip>
            <span />
            <span className="gx-explain-value">{signedWeight(explained.prior)}</span>
          </div>
          <div className="gx-explain-row gx-explain-sum">
            <span className="gx-explain-label"><b>{t('identity.explain.total')}</b></span>
            <span><Typography.Text type="secondary">→ {percent(explained.probability)}</Typography.Text></span>
            <span className="gx-explain-value"><b>{signedWeight(explained.total)}</b></span>
          </div>
        </>
      )}
      {explained.notCompared.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('identity.explain.notCompared', { fields: listOf(i18n.language, explained.notCompared.map(fieldName)) })}
        </Typography.Text>
      )}
    </div>
  );
}

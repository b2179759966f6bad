import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { lastIncludedDay } from '../lib/periods.ts';

type Props = { asOf?: string; derivedAt?: string | null; excludedLines?: number; currency?: string | null };

/**
 * How current the figures are (the last day they include, when they were computed — a large tenant's figures are
 * recomputed in the background, so they can be a little older than the last order) and what they leave out
 * (order lines in currencies other than the one the amounts are in).
 */
export function FiguresNote({ asOf, derivedAt, excludedLines = 0, currency }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {asOf && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="figures-as-of">
          {derivedAt ? t('analytics.freshness', { date: format.date(lastIncludedDay(asOf)), time: format.dateTime(derivedAt) }) : t('analytics.asOf', { date: format.date(lastIncludedDay(asOf)) })}
        </Typography.Text>
      )}
      {excludedLines > 0 && currency && (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }} data-testid="excluded-lines">
          {t('analytics.excludedLines', { count: excludedLines, currency })}
        </Typography.Text>
      )}
    </>
  );
}

/** A priced document's totals as the server computed and stored them. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { money } from '../../sales/lib/money.ts';

type Totals = { subtotal: string; discountTotal: string; taxTotal: string; total: string; currency: string };

export function DocumentTotals({ doc }: { doc: Totals }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="gx-totals" data-testid="document-totals">
      <span>{t('commerce.totals.subtotal')}</span><span>{money(format, doc.subtotal, doc.currency)}</span>
      <span>{t('commerce.totals.discount')}</span><span>−{money(format, doc.discountTotal, doc.currency)}</span>
      <span>{t('commerce.totals.tax')}</span><span>{money(format, doc.taxTotal, doc.currency)}</span>
      <strong>{t('commerce.totals.total')}</strong><strong data-testid="document-total">{money(format, doc.total, doc.currency)}</strong>
    </div>
  );
}

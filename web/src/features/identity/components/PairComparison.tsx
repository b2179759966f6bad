/** Two people side by side, field by field: the same value, the same after folding (简/繁, phone formats), different, or missing on one side. */
import { CheckOutlined, SwapOutlined } from '@ant-design/icons';
import { Skeleton, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Person } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { joinAddress } from '../../../lib/address.ts';
import { sourceLabel } from '../lib/labels.ts';

export type Agreement = 'same' | 'similar' | 'different' | 'one-sided' | 'empty';

type Row = { key: string; label: string; left: ReactNode; right: ReactNode; agreement: Agreement };

const norm = (values: string[]) => [...new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean))].sort();

/** Compares two sets of values: identical text, the same once normalised, or not. */
export function agreementOf(leftText: string[], rightText: string[], leftNorm: string[] = leftText, rightNorm: string[] = rightText): Agreement {
  const [a, b] = [norm(leftText), norm(rightText)];
  if (a.length === 0 && b.length === 0) return 'empty';
  if (a.length === 0 || b.length === 0) return 'one-sided';
  if (a.join('\n') === b.join('\n')) return 'same';
  const [na, nb] = [norm(leftNorm), norm(rightNorm)];
  return na.some((v) => nb.includes(v)) ? 'similar' : 'different';
}

const addressOf = (p: Person) => p.addresses.map((a) => a.raw || joinAddress([a.province, a.city, a.district, a.street, a.detail]));

export function PairComparison({ left, right }: { left: Person | undefined; right: Person | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!left || !right) return <Skeleton active paragraph={{ rows: 6 }} />;
  const list = (values: string[]) => (values.length ? values.join('、') : '—');
  const rows: Row[] = [
    {
      key: 'name', label: t('person.fields.name'),
      left: <Link to={`/people/${left.id}`}>{left.name}</Link>, right: <Link to={`/people/${right.id}`}>{right.name}</Link>,
      agreement: agreementOf([left.name], [right.name], [left.namePinyin], [right.namePinyin]),
    },
    {
      key: 'phone', label: t('person.fields.phone'), left: list(left.phones.map((p) => p.original)), right: list(right.phones.map((p) => p.original)),
      agreement: agreementOf(left.phones.map((p) => p.original), right.phones.map((p) => p.original), left.phones.map((p) => p.e164), right.phones.map((p) => p.e164)),
    },
    { key: 'email', label: t('person.fields.email'), left: list(left.emails.map((e) => e.address)), right: list(right.emails.map((e) => e.address)), agreement: agreementOf(left.emails.map((e) => e.address), right.emails.map((e) => e.address)) },
    { key: 'birthday', label: t('person.fields.birthday'), left: format.date(left.birthday) || '—', right: format.date(right.birthday) || '—', agreement: agreementOf([left.birthday ?? ''], [right.birthday ?? '']) },
    { key: 'gender', label: t('person.fields.gender'), left: left.gender ? t(`gender.${left.gender}`) : '—', right: right.gender ? t(`gender.${right.gender}`) : '—', agreement: agreementOf([left.gender ?? ''], [right.gender ?? '']) },
    { key: 'address', label: t('person.fields.address'), left: list(addressOf(left)), right: list(addressOf(right)), agreement: agreementOf(addressOf(left), addressOf(right)) },
    { key: 'wechat', label: t('person.fields.wechatId'), left: left.wechatId || '—', right: right.wechatId || '—', agreement: agreementOf([left.wechatId ?? ''], [right.wechatId ?? '']) },
    { key: 'source', label: t('person.fields.source'), left: left.source ? sourceLabel(t, left.source) : '—', right: right.source ? sourceLabel(t, right.source) : '—', agreement: 'empty' },
    { key: 'createdAt', label: t('person.fields.createdAt'), left: format.dateTime(left.createdAt), right: format.dateTime(right.createdAt), agreement: 'empty' },
  ];
  const mark = (agreement: Agreement) =>
    agreement === 'same' ? <Tooltip title={t('identity.compare.same')}><CheckOutlined className="gx-pos-text" aria-label={t('identity.compare.same')} /></Tooltip>
      : agreement === 'similar' ? <Tooltip title={t('identity.compare.similar')}><SwapOutlined style={{ color: '#d48806' }} aria-label={t('identity.compare.similar')} /></Tooltip>
        : null;
  return (
    <table className="gx-compare" data-testid="pair-comparison">
      <thead>
        <tr><th />{[left, right].map((p, i) => <th key={p.id}>{t(i === 0 ? 'identity.compare.older' : 'identity.compare.newer')}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={`gx-agree-${row.agreement}`} data-agreement={row.agreement} data-testid={`compare-${row.key}`}>
            <th scope="row">{row.label} {mark(row.agreement)}</th>
            <td>{row.left}</td>
            <td>{row.right}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Organisations (with titles), family members and key dates of one person. */
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Rows } from '../../../components/Rows.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { usePersonRelations } from '../api/people.ts';
import { AddRelation } from './AddRelation.tsx';

export function PersonRelations({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { organisations, family, keyDates } = usePersonRelations(personId);
  return (
    <>
      <Card size="small" title={t('person.organisations')} extra={<AddRelation personId={personId} kind="organisation" />} style={{ marginBottom: 12 }} loading={organisations.isPending}>
        <Rows
          rows={(organisations.data ?? []).map((m) => ({
            key: m.id,
            title: <Link to={`/organisations/${m.organisationId}`}>{m.organisationName}</Link>,
            description: [m.title, m.role ? t(`role.${m.role}`) : null].filter(Boolean).join(' · '),
            extra: m.isPrimary ? <Tag color="red">{t('person.primary')}</Tag> : undefined,
          }))}
        />
      </Card>
      <Card size="small" title={t('person.family')} extra={<AddRelation personId={personId} kind="family" />} style={{ marginBottom: 12 }} loading={family.isPending}>
        <Rows
          rows={(family.data ?? []).map((f) => ({
            key: f.id,
            title: f.relatedPersonId ? <Link to={`/people/${f.relatedPersonId}`}>{f.name}</Link> : f.name,
            description: [t(`relation.${f.relation}`), f.birthday ? `${t('person.fields.birthday')} ${format.date(f.birthday)}` : null].filter(Boolean).join(' · '),
          }))}
        />
      </Card>
      <Card size="small" title={t('person.keyDates')} extra={<AddRelation personId={personId} kind="keyDate" />} style={{ marginBottom: 12 }} loading={keyDates.isPending}>
        <Rows
          rows={(keyDates.data ?? []).map((d) => ({
            key: d.id,
            title: d.label || t(`keyDate.${d.kind}`),
            description: format.date(d.date),
            extra: d.nextOccurrence ? <Typography.Text type="secondary">{t('person.next', { date: format.date(d.nextOccurrence) })}</Typography.Text> : undefined,
          }))}
        />
      </Card>
    </>
  );
}

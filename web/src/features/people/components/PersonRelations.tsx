/** Organisations (with titles), family members and key dates of one person. */
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { usePersonRelations } from '../api/people.ts';

export function PersonRelations({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { organisations, family, keyDates } = usePersonRelations(personId);
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />;
  return (
    <>
      <Card size="small" title={t('person.organisations')} style={{ marginBottom: 12 }} loading={organisations.isPending}>
        {organisations.data?.length ? (
          <List
            size="small"
            dataSource={organisations.data}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/organisations/${m.organisationId}`}>{m.organisationName}</Link>}
                  description={[m.title, m.role ? t(`role.${m.role}`) : null].filter(Boolean).join(' · ')}
                />
                {m.isPrimary && <Tag color="red">{t('person.primary')}</Tag>}
              </List.Item>
            )}
          />
        ) : none}
      </Card>
      <Card size="small" title={t('person.family')} style={{ marginBottom: 12 }} loading={family.isPending}>
        {family.data?.length ? (
          <List
            size="small"
            dataSource={family.data}
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta
                  title={f.relatedPersonId ? <Link to={`/people/${f.relatedPersonId}`}>{f.name}</Link> : f.name}
                  description={[t(`relation.${f.relation}`), f.birthday ? `${t('person.fields.birthday')} ${format.date(f.birthday)}` : null].filter(Boolean).join(' · ')}
                />
              </List.Item>
            )}
          />
        ) : none}
      </Card>
      <Card size="small" title={t('person.keyDates')} style={{ marginBottom: 12 }} loading={keyDates.isPending}>
        {keyDates.data?.length ? (
          <List
            size="small"
            dataSource={keyDates.data}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta title={d.label || t(`keyDate.${d.kind}`)} description={format.date(d.date)} />
                {d.nextOccurrence && <Typography.Text type="secondary">{t('person.next', { date: format.date(d.nextOccurrence) })}</Typography.Text>}
              </List.Item>
            )}
          />
        ) : none}
      </Card>
    </>
  );
}

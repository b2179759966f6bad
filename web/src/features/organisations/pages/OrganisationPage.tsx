/** One organisation: its profile, the people who work there (with titles), merging a duplicate in, and slots for later modules. */
import { EditOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Result, Row, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { Rows } from '../../../components/Rows.tsx';
import { Slot } from '../../../components/Slot.tsx';
import { Timeline } from '../../../components/Timeline.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { joinAddress } from '../../../lib/address.ts';
import { OrdersCard } from '../../commerce/components/OrdersCard.tsx';
import { OpportunitiesCard } from '../../sales/components/OpportunitiesCard.tsx';
import { useUsers } from '../../settings/api/settings.ts';
import { useOrganisation } from '../api/organisations.ts';
import { OrganisationMergeHistory } from '../components/OrganisationMergeHistory.tsx';

const OrganisationFormDrawer = lazy(() => import('../components/OrganisationFormDrawer.tsx').then((m) => ({ default: m.OrganisationFormDrawer })));
const OrganisationMergeDialog = lazy(() => import('../components/OrganisationMergeDialog.tsx').then((m) => ({ default: m.OrganisationMergeDialog })));

export function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const users = useUsers();
  const { organisation, people } = useOrganisation(id);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  if (organisation.isPending) return <PageLoading />;
  if (!organisation.data) {
    return <Result status={isApiError(organisation.error, 404) ? '404' : 'error'} title={isApiError(organisation.error, 404) ? t('organisation.notFound') : t('common.error')} />;
  }
  const o = organisation.data;
  const a = o.address;
  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
          <Typography.Title level={3} style={{ margin: 0, marginRight: 'auto' }}>{o.name}</Typography.Title>
          <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)} data-testid="merge-organisation">{t('orgMerge.action')}</Button>
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-organisation">{t('common.edit')}</Button>
        </div>
        <Typography.Text type="secondary">{o.legalName && o.legalName !== o.name ? o.legalName : o.namePinyin}</Typography.Text>
        <div style={{ marginTop: 8 }}>
          {o.relationshipTypes.map((r) => <Tag key={r} color="blue">{t(`relationship.${r}`)}</Tag>)}
          {o.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
        </div>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('person.profile')} style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'industry', label: t('organisation.fields.industry'), children: o.industryCode || '—' },
                { key: 'owner', label: t('person.fields.owner'), children: users.data?.find((u) => u.id === o.ownerId)?.displayName ?? '—' },
                { key: 'phone', label: t('person.fields.phone'), children: o.phones.map((p) => p.original).join('、') || '—' },
                { key: 'email', label: t('person.fields.email'), children: o.emails.map((e) => e.address).join('、') || '—' },
                { key: 'website', label: t('organisation.fields.website'), children: o.website || '—' },
                { key: 'source', label: t('person.fields.source'), children: o.source || '—' },
                { key: 'address', label: t('person.fields.address'), span: 'filled', children: a ? (a.raw || joinAddress([a.province, a.city, a.district, a.street, a.detail])) : '—' },
                { key: 'createdAt', label: t('person.fields.createdAt'), children: format.dateTime(o.createdAt) },
              ]}
            />
          </Card>
          <Card size="small" title={t('organisation.people')} loading={people.isPending}>
            <Rows
              rows={(people.data ?? []).map((m) => ({
                key: m.id,
                title: <Link to={`/people/${m.personId}`}>{m.personName}</Link>,
                description: [m.title, m.role ? t(`role.${m.role}`) : null].filter(Boolean).join(' · '),
                extra: m.isPrimary ? <Tag color="red">{t('person.primary')}</Tag> : undefined,
              }))}
            />
          </Card>
          <OrganisationMergeHistory organisationId={o.id} />
        </Col>
        <Col xs={24} lg={10}>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 12 }}>
            {(['cases'] as const).map((slot) => <Slot key={slot} name={slot} />)}
          </div>
          <div style={{ display: 'grid', gap: 12, marginTop: 12 }}>
            <OpportunitiesCard customer={{ organisationId: o.id }} />
            <OrdersCard customer={{ organisationId: o.id }} />
          </div>
          <div style={{ marginTop: 12 }}>
            <Timeline subject="organisation" id={o.id} />
          </div>
        </Col>
      </Row>
      {editing && (
        <Suspense fallback={null}>
          <OrganisationFormDrawer organisation={o} onClose={() => setEditing(false)} />
        </Suspense>
      )}
      {merging && (
        <Suspense fallback={null}>
          <OrganisationMergeDialog organisation={o} onClose={() => setMerging(false)} />
        </Suspense>
      )}
    </div>
  );
}

/** The customer 360 page: profile, relations, custom fields, owner — and the slots later modules fill. */
import { DeleteOutlined, EditOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { Slot } from '../../../components/Slot.tsx';
import { Timeline } from '../../../components/Timeline.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { joinAddress } from '../../../lib/address.ts';
import { OrdersCard } from '../../commerce/components/OrdersCard.tsx';
import { OpportunitiesCard } from '../../sales/components/OpportunitiesCard.tsx';
import { SourceRecordsCard } from '../../identity/components/SourceRecordsCard.tsx';
import { useCustomFields, useUsers } from '../../settings/api/settings.ts';
import { deletePerson, usePerson } from '../api/people.ts';
import { CustomValues } from '../components/CustomValues.tsx';
import { PersonRelations } from '../components/PersonRelations.tsx';

// Its own chunk: the charts library loads with the analytics, not with the person page.
const PersonAnalytics = lazy(() => import('../../analytics/components/PersonAnalytics.tsx').then((m) => ({ default: m.PersonAnalytics })));
const PersonFormDrawer = lazy(() => import('../components/PersonFormDrawer.tsx').then((m) => ({ default: m.PersonFormDrawer })));

/** What later modules will fill: the relationship engine's next actions, service cases. */
const SLOTS = ['nextActions', 'cases'] as const;

export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const person = usePerson(id);
  const users = useUsers();
  const customFields = useCustomFields('person');
  const [editing, setEditing] = useState(false);

  if (person.isPending) return <PageLoading />;
  if (person.isError || !person.data) {
    return <Result status={isApiError(person.error, 404) ? '404' : 'error'} title={isApiError(person.error, 404) ? t('person.notFound') : t('common.error')} />;
  }
  const p = person.data;
  const owner = users.data?.find((u) => u.id === p.ownerId)?.displayName;
  // The server masks or hides some fields for some roles; say so instead of showing a blank that looks like no data.
  const lock = (field: string) => {
    const rule = p.restrictedFields[field];
    return rule ? <Tooltip title={t(`access.${rule}`)}><LockOutlined style={{ marginLeft: 4, color: '#8c8c8c' }} aria-label={t(`access.${rule}`)} /></Tooltip> : null;
  };
  const address = p.addresses[0];

  return (
    <div className="gx-page">
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 200 }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-title">{p.name}</Typography.Title>
            <Typography.Text type="secondary">{p.namePinyin}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {p.relationshipTypes.map((r) => <Tag key={r} color={r === 'customer' ? 'red' : 'blue'}>{t(`relationship.${r}`)}</Tag>)}
              {p.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
            </div>
          </div>
          <Space wrap>
            <Typography.Text type="secondary">{t('person.ownerIs', { name: owner ?? t('person.noOwner') })}</Typography.Text>
            <Button icon={<EditOutlined />} type="primary" onClick={() => setEditing(true)} data-testid="edit-person">{t('common.edit')}</Button>
            <Popconfirm
              title={t('people.confirmDelete', { count: 1 })}
              okButtonProps={{ danger: true }}
              onConfirm={async () => {
                await deletePerson(p.id);
                await client.invalidateQueries({ queryKey: ['people'] });
                message.success(t('people.deleted', { count: 1 }));
                navigate('/people');
              }}
            >
              <Button danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        </div>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('person.profile')} style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'gender', label: t('person.fields.gender'), children: p.gender ? t(`gender.${p.gender}`) : '—' },
                { key: 'birthday', label: <>{t('person.fields.birthday')}{lock('birthday')}</>, children: format.date(p.birthday) || '—' },
                { key: 'phone', label: <>{t('person.fields.phone')}{lock('phones')}</>, children: p.phones.map((ph) => ph.original).join('、') || '—' },
                { key: 'email', label: <>{t('person.fields.email')}{lock('emails')}</>, children: p.emails.map((e) => e.address).join('、') || '—' },
                { key: 'wechatId', label: <>{t('person.fields.wechatId')}{lock('wechatId')}</>, children: p.wechatId || '—' },
                { key: 'source', label: t('person.fields.source'), children: p.source || '—' },
                { key: 'address', label: <>{t('person.fields.address')}{lock('addresses')}</>, span: 'filled', children: address ? (address.raw || joinAddress([address.province, address.city, address.district, address.street, address.detail])) : '—' },
                { key: 'notes', label: t('person.fields.notes'), span: 'filled', children: p.notes || '—' },
                { key: 'createdAt', label: t('person.fields.createdAt'), children: format.dateTime(p.createdAt) },
                { key: 'updatedAt', label: t('person.fields.updatedAt'), children: format.dateTime(p.updatedAt) },
              ]}
            />
          </Card>
          <PersonRelations personId={p.id} />
          <SourceRecordsCard personId={p.id} />
          <Card size="small" title={t('person.customFields')} style={{ marginBottom: 12 }}>
            {(customFields.data ?? []).length > 0 ? <CustomValues values={p.custom} fields={customFields.data ?? []} /> : <Typography.Text type="secondary">{t('person.noCustomFields')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Suspense fallback={null}><PersonAnalytics personId={p.id} /></Suspense>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 12 }}>
            {SLOTS.map((slot) => <Slot key={slot} name={slot} />)}
          </div>
          <div style={{ display: 'grid', gap: 12, marginTop: 12 }}>
            <OpportunitiesCard customer={{ personId: p.id }} />
            <OrdersCard customer={{ personId: p.id }} />
          </div>
          <div style={{ marginTop: 12 }}>
            <Timeline subject="person" id={p.id} />
          </div>
        </Col>
      </Row>
      {editing && (
        <Suspense fallback={null}>
          <PersonFormDrawer open onClose={() => setEditing(false)} person={p} />
        </Suspense>
      )}
    </div>
  );
}

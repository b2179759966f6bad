/** Roles and the team tree from the access module; administrators edit them here, everyone else reads them. */
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client.ts';
import { useMe } from '../../auth/api/session.ts';
import { useRoles, type Role } from '../api/access-admin.ts';
import { localLabel } from '../api/settings.ts';
import { RoleEditor } from './RoleEditor.tsx';
import { TeamsCard } from './TeamsCard.tsx';

export function RolesTeamsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const roles = useRoles();
  const editable = me.data?.isAdmin === true;
  const [editing, setEditing] = useState<Role | 'new' | undefined>();
  return (
    <>
      <Card
        size="small"
        title={t('settings.roles')}
        style={{ marginBottom: 12 }}
        extra={editable && <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-role">{t('accessAdmin.newRole')}</Button>}
      >
        <Table<Schemas['Role']>
          size="small"
          rowKey="key"
          loading={roles.isPending}
          dataSource={roles.data ?? []}
          pagination={false}
          scroll={{ x: 480 }}
          columns={[
            { key: 'name', title: t('settings.roleName'), render: (_: unknown, r) => localLabel(r.name, i18n.language, r.key) },
            { key: 'key', title: t('settings.key'), render: (_: unknown, r) => <code>{r.key}</code> },
            { key: 'kind', title: t('settings.fieldType'), render: (_: unknown, r) => (r.builtIn ? <Tag>{t(r.customised ? 'settings.builtInCustomised' : 'settings.builtIn')}</Tag> : <Tag color="blue">{t('settings.customRole')}</Tag>) },
            ...(editable
              ? [{ key: 'edit', title: t('accessAdmin.actions'), render: (_: unknown, r: Role) => <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`edit-role-${r.key}`}>{t('accessAdmin.edit')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <TeamsCard editable={editable} />
      {editing && <RoleEditor role={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

/** Roles and the team tree from the access module, read-only here; editing them is done through the API for now. */
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { localLabel, useUsers } from '../api/settings.ts';

type Team = Schemas['Team'];
type TeamRow = Team & { children?: TeamRow[] };

/** Teams arrive flat with parentId; the table wants them nested. */
function tree(teams: Team[]): TeamRow[] {
  const byParent = new Map<string | null, Team[]>();
  for (const team of teams) byParent.set(team.parentId, [...(byParent.get(team.parentId) ?? []), team]);
  const known = new Set(teams.map((t) => t.id));
  const build = (team: Team): TeamRow => {
    const children = (byParent.get(team.id) ?? []).map(build);
    return children.length ? { ...team, children } : team;
  };
  return teams.filter((t) => t.parentId === null || !known.has(t.parentId)).map(build);
}

export function RolesTeamsTab() {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const roles = useQuery({ queryKey: ['roles'], queryFn: async () => unwrap(await api.GET('/api/v1/roles')).items });
  const teams = useQuery({ queryKey: ['teams'], queryFn: async () => unwrap(await api.GET('/api/v1/teams')).items });
  const userName = (id: string | null) => users.data?.find((u) => u.id === id)?.displayName ?? '—';
  return (
    <>
      <Card size="small" title={t('settings.roles')} style={{ marginBottom: 12 }}>
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
          ]}
        />
      </Card>
      <Card size="small" title={t('settings.teams')}>
        <Table<TeamRow>
          size="small"
          rowKey="id"
          loading={teams.isPending}
          dataSource={tree(teams.data ?? [])}
          pagination={false}
          scroll={{ x: 480 }}
          locale={{ emptyText: t('settings.noTeams') }}
          columns={[
            { key: 'name', title: t('settings.teamName'), dataIndex: 'name' },
            { key: 'kind', title: t('settings.fieldType'), render: (_: unknown, team) => t(`teamKind.${team.kind}`) },
            { key: 'manager', title: t('settings.manager'), render: (_: unknown, team) => userName(team.managerId) },
            { key: 'members', title: t('settings.members'), render: (_: unknown, team) => team.memberIds.length },
          ]}
        />
      </Card>
    </>
  );
}

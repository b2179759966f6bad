/** The team tree: administrators create, rename, move teams, set the manager, and choose the members. */
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Schemas } from '../../../api/client.ts';
import { useSaveTeam, useSetMembers, useTeams, type Team, type TeamInput } from '../api/access-admin.ts';
import { useUsers } from '../api/settings.ts';

type TeamRow = Team & { children?: TeamRow[] };
type TreeNode = { value: string; title: string; disabled: boolean; children?: TreeNode[] };
const KINDS = ['company', 'subsidiary', 'branch', 'department', 'team'] as const;

/** Teams arrive flat with parentId; the table wants them nested. */
export function tree(teams: Team[]): TeamRow[] {
  const byParent = new Map<string | null, Team[]>();
  for (const team of teams) byParent.set(team.parentId, [...(byParent.get(team.parentId) ?? []), team]);
  const known = new Set(teams.map((t) => t.id));
  const build = (team: Team): TeamRow => {
    const children = (byParent.get(team.id) ?? []).map(build);
    return children.length ? { ...team, children } : team;
  };
  return teams.filter((t) => t.parentId === null || !known.has(t.parentId)).map(build);
}

/** A team cannot move under itself or one of its own sub-teams. */
function descendants(teams: Team[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) if (team.parentId && out.has(team.parentId) && !out.has(team.id)) { out.add(team.id); grew = true; }
  }
  return out;
}

export function TeamsCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const [editing, setEditing] = useState<Team | 'new' | undefined>();
  const [members, setMembers] = useState<Team | undefined>();
  // Everything open unless folded by hand, so a team just added under another is in view.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const userName = (id: string | null) => users.data?.find((u) => u.id === id)?.displayName ?? '—';
  return (
    <Card
      size="small"
      title={t('settings.teams')}
      extra={editable && <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-team">{t('accessAdmin.newTeam')}</Button>}
    >
      <Table<TeamRow>
        size="small"
        rowKey="id"
        loading={teams.isPending}
        dataSource={tree(teams.data ?? [])}
        pagination={false}
        expandable={{
          expandedRowKeys: (teams.data ?? []).map((team) => team.id).filter((id) => !folded.has(id)),
          onExpand: (open, team) => setFolded((f) => { const next = new Set(f); if (open) next.delete(team.id); else next.add(team.id); return next; }),
        }}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('settings.noTeams') }}
        columns={[
          { key: 'name', title: t('settings.teamName'), dataIndex: 'name' },
          { key: 'kind', title: t('settings.fieldType'), render: (_: unknown, team) => t(`teamKind.${team.kind}`) },
          { key: 'manager', title: t('settings.manager'), render: (_: unknown, team) => userName(team.managerId) },
          { key: 'members', title: t('settings.members'), render: (_: unknown, team) => team.memberIds.length },
          ...(editable
            ? [{
                key: 'actions',
                title: t('accessAdmin.actions'),
                render: (_: unknown, team: TeamRow) => (
                  <Space size={0}>
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(team)} data-testid={`edit-team-${team.name}`}>{t('accessAdmin.edit')}</Button>
                    <Button size="small" type="link" icon={<TeamOutlined />} onClick={() => setMembers(team)} data-testid={`members-${team.name}`}>{t('accessAdmin.editMembers')}</Button>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      {editing && <TeamDialog team={editing === 'new' ? undefined : editing} teams={teams.data ?? []} users={users.data ?? []} onClose={() => setEditing(undefined)} />}
      {members && <MembersDialog team={members} users={users.data ?? []} onClose={() => setMembers(undefined)} />}
    </Card>
  );
}

function TeamDialog({ team, teams, users, onClose }: { team: Team | undefined; teams: Team[]; users: Schemas['User'][]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveTeam();
  const [form] = Form.useForm<TeamInput>();
  const excluded = team ? descendants(teams, team.id) : new Set<string>();
  const toNode = (row: TeamRow): TreeNode => ({
    value: row.id,
    title: row.name,
    disabled: excluded.has(row.id),
    ...(row.children ? { children: row.children.map(toNode) } : {}),
  });
  return (
    <Modal open title={team ? t('accessAdmin.editTeam') : t('accessAdmin.newTeam')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={save.isPending} destroyOnHidden>
      <Form<TeamInput>
        form={form}
        layout="vertical"
        initialValues={{ name: team?.name ?? '', kind: team?.kind ?? 'team', parentId: team?.parentId ?? null, managerId: team?.managerId ?? null }}
        onFinish={(input) =>
          save.mutate(
            { input: { ...input, name: input.name.trim(), parentId: input.parentId ?? null, managerId: input.managerId ?? null }, ...(team ? { existing: team } : {}) },
            {
              onSuccess: () => {
                message.success(t('accessAdmin.saved'));
                onClose();
              },
              onError: (error) => {
                if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field as keyof TeamInput, errors: [i.message] })));
                else message.error(isApiError(error) ? error.message : t('common.error'));
              },
            },
          )
        }
      >
        <Form.Item name="name" label={t('settings.teamName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 120 }]}>
          <Input autoFocus data-testid="team-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('accessAdmin.teamKind')}>
          <Select disabled={!!team} options={KINDS.map((k) => ({ value: k, label: t(`teamKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('accessAdmin.parent')}>
          <TreeSelect allowClear treeDefaultExpandAll placeholder={t('accessAdmin.noParent')} treeData={tree(teams).map(toNode)} data-testid="team-parent" />
        </Form.Item>
        <Form.Item name="managerId" label={t('settings.manager')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('accessAdmin.noManager')} options={users.map((u) => ({ value: u.id, label: u.displayName }))} data-testid="team-manager" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MembersDialog({ team, users, onClose }: { team: Team; users: Schemas['User'][]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setMembers = useSetMembers();
  const [chosen, setChosen] = useState<string[]>(team.memberIds);
  return (
    <Modal
      open
      title={t('accessAdmin.membersOf', { team: team.name })}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={setMembers.isPending}
      onOk={() =>
        setMembers.mutate(
          { team, memberIds: chosen },
          {
            onSuccess: () => {
              message.success(t('accessAdmin.saved'));
              onClose();
            },
            onError: (error) => message.error(isApiError(error) ? error.message : t('common.error')),
          },
        )
      }
      destroyOnHidden
    >
      <Select
        mode="multiple"
        style={{ width: '100%' }}
        value={chosen}
        onChange={setChosen}
        showSearch={{ optionFilterProp: 'label' }}
        options={users.filter((u) => u.status === 'active' || team.memberIds.includes(u.id)).map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` }))}
        data-testid="team-members"
      />
    </Modal>
  );
}

/** The access module's admin API as the settings page uses it: roles (PUT), teams and members, a user's role. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';

export type Role = Schemas['Role'];
export type RolePermissions = Schemas['RolePermissions'];
export type Team = Schemas['Team'];

export const LEVELS = ['none', 'own', 'team', 'subtree', 'all'] as const;
export const FIELD_RULES = ['visible', 'masked', 'hidden'] as const;
/** Record types a role grants access to; `default` covers any not listed. */
export const OBJECT_TYPES = ['default', 'person', 'organisation', 'interaction', 'task', 'lead', 'opportunity', 'quote', 'order', 'contract', 'receivable', 'payable'] as const;
/** The fields the server can mask or hide, per record type (src/modules/access/default-roles.ts). */
export const SENSITIVE_FIELDS = { person: ['phones', 'emails', 'birthday', 'addresses', 'wechatId'], organisation: ['phones', 'emails', 'address'] } as const;

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: async () => unwrap(await api.GET('/api/v1/roles')).items });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: async () => unwrap(await api.GET('/api/v1/teams')).items });
}

export function useSaveRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ key, name, permissions }: { key: string; name: Record<'zh-CN' | 'zh-TW' | 'en', string>; permissions: RolePermissions }) =>
      unwrap(await api.PUT('/api/v1/roles/{key}', { params: { path: { key } }, body: { name, permissions } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['roles'] }),
  });
}

export type TeamInput = { name: string; kind: Team['kind']; parentId: string | null; managerId: string | null };

export function useSaveTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, existing }: { input: TeamInput; existing?: Team }) =>
      existing
        ? unwrap(await api.PATCH('/api/v1/teams/{id}', { params: { path: { id: existing.id } }, body: { name: input.name, parentId: input.parentId, managerId: input.managerId } }))
        : unwrap(await api.POST('/api/v1/teams', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['teams'] }),
  });
}

/** Adds and removes members so the team holds exactly `memberIds`; stops at the first refusal (what is done stays). */
export function useSetMembers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ team, memberIds }: { team: Team; memberIds: string[] }) => {
      for (const userId of memberIds.filter((id) => !team.memberIds.includes(id))) unwrap(await api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body: { userId } }));
      for (const userId of team.memberIds.filter((id) => !memberIds.includes(id))) unwrap(await api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } } }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['teams'] }),
  });
}

export function useSetUserRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, roleKey }: { userId: string; roleKey: string }) => unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: userId } }, body: { roleKey } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** The signed-in user (GET /auth/me), sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, unwrap, type User } from '../../../api/client.ts';

export const ME_KEY = ['auth', 'me'] as const;

export function useMe() {
  return useQuery<User | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return unwrap(await api.GET('/api/v1/auth/me'));
      } catch (error) {
        if (isApiError(error, 401)) return null; // not signed in is an answer, not a failure
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) => unwrap(await api.POST('/api/v1/auth/login', { body })).user,
    onSuccess: (user) => {
      client.clear();
      client.setQueryData(ME_KEY, user);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/api/v1/auth/logout'));
    },
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

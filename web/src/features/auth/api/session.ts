/** The signed-in user (GET /auth/me), sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, unwrap, type User } from '../../../api/client.ts';

export const ME_KEY = ['auth', 'me'] as const;

// The session cookie is httpOnly, so the page cannot see it; this hint says "probably signed in", which is enough
// to fetch the first page's data in parallel with /auth/me without provoking a 401 for visitors who are not.
const HINT = 'guanxi.signedIn';
export const probablySignedIn = (): boolean => localStorage.getItem(HINT) === '1';
const remember = (signedIn: boolean) => (signedIn ? localStorage.setItem(HINT, '1') : localStorage.removeItem(HINT));

export function useMe() {
  return useQuery<User | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        const user = unwrap(await api.GET('/api/v1/auth/me'));
        remember(true);
        return user;
      } catch (error) {
        if (isApiError(error, 401)) {
          remember(false);
          return null; // not signed in is an answer, not a failure
        }
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
      remember(true);
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
      remember(false);
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

export const SETUP_KEY = ['auth', 'setup'] as const;

/** Whether no account exists yet (the first administrator is created with the link the server printed). */
export function useSetupStatus() {
  return useQuery({
    queryKey: SETUP_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/setup')).needed,
    staleTime: 0,
  });
}

export type SetupBody = { token: string; email: string; displayName: string; password: string; locale: 'zh-CN' | 'zh-TW' | 'en' };

/** Creates the first administrator and signs them in (the answer sets the session cookie). */
export function useCompleteSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: SetupBody) => unwrap(await api.POST('/api/v1/auth/setup', { body })),
    onSuccess: (user) => {
      remember(true);
      client.clear();
      client.setQueryData(ME_KEY, user);
      client.setQueryData(SETUP_KEY, false);
    },
  });
}

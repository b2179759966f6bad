/** Users and custom-field definitions, used by settings and to label owners and custom values everywhere. */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';

const usersQuery = {
  queryKey: ['users'],
  queryFn: async () => unwrap(await api.GET('/api/v1/users')).items,
  staleTime: 5 * 60_000,
};

const customFieldsQuery = (objectType: 'person' | 'organisation') => ({
  queryKey: ['custom-fields', objectType],
  queryFn: async () => unwrap(await api.GET('/api/v1/custom-fields', { params: { query: { objectType } } })).items,
  staleTime: 5 * 60_000,
});

export function useUsers() {
  return useQuery(usersQuery);
}

export function useCustomFields(objectType: 'person' | 'organisation') {
  return useQuery(customFieldsQuery(objectType));
}

/**
 * Start the lists every page labels its rows with (owner names, custom-field columns) while the app is still
 * starting, so they are not asked for only after the first render — on a busy machine that was ≈ 0.7 s later.
 */
export function prefetchLabels(client: QueryClient, objectType: 'person' | 'organisation'): void {
  void client.prefetchQuery(usersQuery);
  void client.prefetchQuery(customFieldsQuery(objectType));
}

/** A label in the UI language, falling back through the other two. */
export function localLabel(label: Record<string, string>, language: string, fallback: string): string {
  return label[language] || label['zh-CN'] || label['zh-TW'] || label.en || fallback;
}

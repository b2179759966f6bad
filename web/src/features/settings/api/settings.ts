/** Users and custom-field definitions, used by settings and to label owners and custom values everywhere. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';

export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => unwrap(await api.GET('/api/v1/users')).items,
    staleTime: 5 * 60_000,
  });
}

export function useCustomFields(objectType: 'person' | 'organisation') {
  return useQuery({
    queryKey: ['custom-fields', objectType],
    queryFn: async () => unwrap(await api.GET('/api/v1/custom-fields', { params: { query: { objectType } } })).items,
    staleTime: 5 * 60_000,
  });
}

/** A label in the UI language, falling back through the other two. */
export function localLabel(label: Record<string, string>, language: string, fallback: string): string {
  return label[language] || label['zh-CN'] || label['zh-TW'] || label.en || fallback;
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';

/** People by name (简/繁), pinyin, initials, phone or e-mail — the server does the matching. */
export function usePeopleSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['people', 'search', term],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/search', { params: { query: { q: term, limit: 10 } }, signal })).items,
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

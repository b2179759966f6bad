/** Organisations: cursor-paged list, one organisation, and the people who work there. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';

export type OrganisationFilters = {
  q?: string;
  relationshipType?: 'customer' | 'prospect' | 'partner' | 'supplier' | 'distributor' | 'agent';
  city?: string;
  sort?: string;
};

export function useOrganisationList(filters: OrganisationFilters) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as OrganisationFilters;
  return useInfiniteQuery({
    queryKey: ['organisations', 'list', query],
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await api.GET('/api/v1/organisations', { params: { query: { ...query, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useOrganisation(id: string) {
  const organisation = useQuery({
    queryKey: ['organisations', 'one', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } }, signal })),
  });
  const people = useQuery({
    queryKey: ['organisations', 'one', id, 'people'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}/people', { params: { path: { id } }, signal })).items,
  });
  return { organisation, people };
}

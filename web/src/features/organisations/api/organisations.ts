/** Organisations: cursor-paged list, one organisation, the people who work there, and merging duplicates. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';

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

export type OrganisationMerge = Schemas['OrganisationMerge'];

/** Organisations matching a search (name, pinyin, 简/繁, phone, e-mail), for picking the duplicate to merge. */
export function useOrganisationSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['organisations', 'search', term],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations', { params: { query: { q: term, limit: 20 } }, signal })).items,
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** What merging `duplicateId` into `survivorId` would move and fill in (the server runs the merge and rolls it back). */
export function useMergePreview(survivorId: string, duplicateId: string | undefined) {
  return useQuery({
    queryKey: ['organisations', 'one', survivorId, 'merge-preview', duplicateId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}/merge-preview', { params: { path: { id: survivorId }, query: { duplicateId: duplicateId ?? '' } }, signal })),
    enabled: Boolean(duplicateId),
    staleTime: 0,
  });
}

export function useOrganisationMerges(id: string) {
  return useQuery({
    queryKey: ['organisations', 'one', id, 'merges'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}/merges', { params: { path: { id } }, signal })).items,
  });
}

/**
 * After a merge or un-merge both organisations, their people and every customer card (orders, opportunities,
 * timeline) have changed: everything is asked again, except the organisation a merge removed, which would answer
 * 404 now (only marked stale).
 */
async function afterMergeChange(client: QueryClient, goneId?: string) {
  const aboutGone = (key: readonly unknown[]) => goneId !== undefined && key.includes(goneId);
  if (goneId) await client.invalidateQueries({ predicate: (query) => aboutGone(query.queryKey), refetchType: 'none' });
  await client.invalidateQueries({ predicate: (query) => !aboutGone(query.queryKey) });
}

export function useMergeOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ survivorId, survivorVersion, duplicateId }: { survivorId: string; survivorVersion: number; duplicateId: string }) =>
      unwrap(await api.POST('/api/v1/organisations/{id}/merge', { params: { path: { id: survivorId }, header: { 'if-match': `"${survivorVersion}"` } }, body: { duplicateId } })),
    onSuccess: (merge) => afterMergeChange(client, merge.duplicateId),
  });
}

export function useUnmergeOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (mergeId: string) => unwrap(await api.POST('/api/v1/organisations/merges/{mergeId}/unmerge', { params: { path: { mergeId } } })),
    onSuccess: () => afterMergeChange(client),
  });
}

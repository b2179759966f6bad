/** People: the list (cursor pages), one person with its ETag, create, patch with If-Match, delete. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Person, type PersonCreate, type PersonPatch } from '../../../api/client.ts';

export type PersonFilters = {
  q?: string;
  relationshipType?: 'customer' | 'prospect' | 'partner' | 'supplier' | 'distributor' | 'agent';
  gender?: 'female' | 'male' | 'other' | 'unknown';
  tag?: string[];
  ownerId?: string;
  province?: string;
  city?: string;
  source?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Custom-field filters, `key:op:value` (see lib/custom-filters.ts). */
  cf?: string[];
  sort?: string;
};

export const PAGE_SIZE = 100;

/** Drops empty values: the API refuses unknown or empty parameters it cannot interpret. */
export function cleanFilters(filters: PersonFilters): PersonFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)),
  ) as PersonFilters;
}

export async function fetchPeoplePage(filters: PersonFilters, cursor: string | undefined, signal?: AbortSignal) {
  return unwrap(await api.GET('/api/v1/people', { params: { query: { ...cleanFilters(filters), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }, signal }));
}

export const DEFAULT_PEOPLE_FILTERS: PersonFilters = { sort: 'name' };

const listOptions = (filters: PersonFilters) => ({
  queryKey: ['people', 'list', cleanFilters(filters)],
  queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => fetchPeoplePage(filters, pageParam, signal),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: Awaited<ReturnType<typeof fetchPeoplePage>>) => last.nextCursor ?? undefined,
});

export function usePeopleList(filters: PersonFilters) {
  return useInfiniteQuery({ ...listOptions(filters), placeholderData: keepPreviousData });
}

/** Fetch the first page of the default list while the app is still starting (see App.tsx). */
export function prefetchPeopleList(client: QueryClient): void {
  void client.prefetchInfiniteQuery(listOptions(DEFAULT_PEOPLE_FILTERS));
}

/** A person and the version the user is editing (the ETag the server sent). */
export function usePerson(id: string) {
  return useQuery({
    queryKey: ['people', 'one', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id } }, signal })),
  });
}

export async function fetchPerson(id: string): Promise<Person> {
  return unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id } }, cache: 'no-store' }));
}

export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: PersonCreate) => unwrap(await api.POST('/api/v1/people', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['people'] }),
  });
}

export function useUpdatePerson(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ patch, version }: { patch: PersonPatch; version: number }) =>
      unwrap(await api.PATCH('/api/v1/people/{id}', { params: { path: { id }, header: { 'if-match': `"${version}"` } }, body: patch })),
    onSuccess: (person) => {
      client.setQueryData(['people', 'one', id], person);
      void client.invalidateQueries({ queryKey: ['people', 'list'] });
      void client.invalidateQueries({ queryKey: ['people', 'search'] });
    },
  });
}

export async function deletePerson(id: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/people/{id}', { params: { path: { id }, header: {} } }));
}

export async function restorePerson(id: string): Promise<void> {
  unwrap(await api.POST('/api/v1/people/{id}/restore', { params: { path: { id } } }));
}

export function usePersonRelations(id: string) {
  const organisations = useQuery({
    queryKey: ['people', 'one', id, 'organisations'],
    queryFn: async () => unwrap(await api.GET('/api/v1/people/{id}/organisations', { params: { path: { id } } })).items,
  });
  const family = useQuery({
    queryKey: ['people', 'one', id, 'family'],
    queryFn: async () => unwrap(await api.GET('/api/v1/people/{id}/family-members', { params: { path: { id } } })).items,
  });
  const keyDates = useQuery({
    queryKey: ['people', 'one', id, 'key-dates'],
    queryFn: async () => unwrap(await api.GET('/api/v1/key-dates', { params: { query: { personId: id } } })).items,
  });
  return { organisations, family, keyDates };
}

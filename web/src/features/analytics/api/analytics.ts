/** The analytics API: one customer's figures, segments, the cube, signals. Cached a minute: the store moves slowly. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';
import type { Segment } from '../lib/segments.ts';
import type { CubeDimension, CubeMeasure } from '../lib/view.ts';

const STALE = 60_000;

export type Period = 'month' | 'week';

export function usePersonAnalytics(personId: string, period: Period) {
  return useQuery({
    queryKey: ['analytics', 'person', personId, period],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/analytics/people/{id}', { params: { path: { id: personId }, query: { period } }, signal })),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export function useSegments(period: Period) {
  return useQuery({
    queryKey: ['analytics', 'segments', period],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/analytics/segments', { params: { query: { period } }, signal })),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export type CubeFilters = Partial<Record<Exclude<CubeDimension, 'time.season'>, string>> & { 'time.season'?: 'spring' | 'summer' | 'autumn' | 'winter' };
export type CubeRequest = { rows: CubeDimension; columns?: CubeDimension; measure: CubeMeasure; from?: string; to?: string; filters: CubeFilters };

export function useCube(request: CubeRequest) {
  const { filters, ...rest } = request;
  return useQuery({
    queryKey: ['analytics', 'cube', request],
    // Undefined parameters are left out of the query string; the API refuses empty ones.
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/analytics/cube', { params: { query: { ...rest, ...filters } }, signal })),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export function useSignals(kind: 'churn' | 'preference', limit: number) {
  return useQuery({
    queryKey: ['analytics', 'signals', kind, limit],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/analytics/signals', { params: { query: { kind, limit } }, signal })),
    staleTime: STALE,
  });
}



/** One segment's customers, a page at a time (highest monetary first); the next page from the last one's cursor. */
export function useSegmentCustomers(segment: Segment | null, period: Period) {
  return useInfiniteQuery({
    queryKey: ['analytics', 'segment-customers', segment, period],
    enabled: segment !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await api.GET('/api/v1/analytics/segments/{segment}/customers', { params: { path: { segment: segment as Segment }, query: { period, limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: STALE,
  });
}

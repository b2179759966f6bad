/**
 * Saved views on the server (GET/POST/PATCH/DELETE /saved-views): the caller's own and those their teams share.
 * Views once kept in this browser's localStorage are moved to the server the first time the list opens.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, unwrap, type Schemas } from '../../../api/client.ts';
import { loadLocalViews, forgetLocalViews } from '../lib/saved-views.ts';

export type SavedView = Schemas['SavedView'];
export type ViewInput = { name: string; teamId: string | null; filters: Record<string, string | string[]>; sort: string | null; columns: string[] };

const KEY = ['saved-views', 'person'] as const;

export function useSavedViews() {
  return useQuery({
    queryKey: KEY,
    queryFn: async () => {
      await moveLocalViews();
      return unwrap(await api.GET('/api/v1/saved-views', { params: { query: { objectType: 'person' } } })).items;
    },
    staleTime: 60_000,
  });
}

let moving: Promise<number> | undefined;
/**
 * Once per browser: each localStorage view is created on the server (a name already there is left as it is). One
 * the server refuses stays in localStorage, so nothing is lost; a network failure leaves them all for next time.
 */
export function moveLocalViews(): Promise<number> {
  moving ??= (async () => {
    const kept = [];
    let moved = 0;
    for (const view of loadLocalViews()) {
      const { sort, ...filters } = view.filters;
      const result = await api.POST('/api/v1/saved-views', { body: { objectType: 'person', name: view.name.slice(0, 80), filters: filters as Record<string, string | string[]>, sort: sort ?? null, columns: view.columns } });
      if (result.response.ok) moved++;
      else if (result.response.status === 400) kept.push(view);
      else if (result.response.status !== 409) unwrap(result);
    }
    forgetLocalViews(kept);
    return moved;
  })().catch((error: unknown) => {
    moving = undefined;
    throw error;
  });
  return moving;
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, existing }: { input: ViewInput; existing?: SavedView }) =>
      existing
        ? unwrap(await api.PATCH('/api/v1/saved-views/{id}', { params: { path: { id: existing.id }, header: { 'if-match': `"${existing.version}"` } }, body: input }))
        : unwrap(await api.POST('/api/v1/saved-views', { body: { objectType: 'person', ...input } })),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (view: SavedView) => {
      try {
        unwrap(await api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id: view.id }, header: { 'if-match': `"${view.version}"` } } }));
      } catch (error) {
        if (!isApiError(error, 404)) throw error; // already gone is what was asked for
      }
    },
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

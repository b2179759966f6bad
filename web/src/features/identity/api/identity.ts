/** Identity resolution: the review queue, a person's source records and merges, matching, and the people import. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Schemas } from '../../../api/client.ts';

export type ReviewPair = Schemas['ReviewPair'];
export type Touchpoint = Schemas['Touchpoint'];
export type PersonTouchpoints = Schemas['PersonTouchpoints'];
export type MergeRecord = Schemas['MergeRecord'];
export type Merge = Schemas['Merge'];
export type ImportReport = Schemas['PeopleImportReport'];
export type ImportJob = Schemas['PeopleImport'];
export type MatchExplanation = Schemas['MatchExplanation'];
export type MatchCandidate = Schemas['MatchResult']['candidates'][number];
export type GoldenRecord = PersonTouchpoints['golden'];

/** How many open pairs one screen of the queue holds (the API's largest page). */
export const QUEUE_PAGE = 100;

export function useReviewQueue() {
  return useQuery({
    queryKey: ['identity', 'review', 'open'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/identity/review', { params: { query: { status: 'open', limit: QUEUE_PAGE } }, signal })).items,
    staleTime: 0,
  });
}

export async function decidePair(id: string, decision: 'same' | 'different') {
  return unwrap(await api.POST('/api/v1/identity/review/{id}/decision', { params: { path: { id } }, body: { decision, merge: true } }));
}

/** One person, shared with the people pages' cache; waits until there is an id to ask for. */
export function usePersonIfAny(id: string | undefined) {
  return useQuery({
    queryKey: ['people', 'one', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
  });
}

export function usePersonTouchpoints(personId: string | undefined) {
  return useQuery({
    queryKey: ['people', 'one', personId, 'touchpoints'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/{id}/touchpoints', { params: { path: { id: personId ?? '' } }, signal })),
    enabled: Boolean(personId),
  });
}

export function usePersonMerges(personId: string) {
  return useQuery({
    queryKey: ['people', 'one', personId, 'merges'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/{id}/merges', { params: { path: { id: personId } }, signal })).items,
  });
}

/** Candidates that look like the same person as `record` (name, phones, e-mail…), with probability and why. */
export function useLikelyDuplicates(personId: string, record: Schemas['MatchRequest']['record'] | undefined) {
  return useQuery({
    queryKey: ['identity', 'match', personId],
    queryFn: async ({ signal }) => {
      const result = unwrap(await api.POST('/api/v1/identity/match', { body: { record: record ?? { name: '' }, limit: 6 }, signal }));
      return result.candidates.filter((c) => c.personId !== personId && !c.vetoedBy);
    },
    enabled: Boolean(record?.name),
  });
}

/**
 * After a merge or un-merge: both people, their source records, lists, searches and the queue have changed. The
 * person a merge removed (`goneId`) is only marked stale, never fetched again while a page still shows it: it
 * would answer 404 now.
 */
export async function afterMergeChange(client: QueryClient, goneId?: string): Promise<void> {
  const aboutGone = (key: readonly unknown[]) => goneId !== undefined && key.includes(goneId);
  const ours = (key: readonly unknown[]) => key[0] === 'people' || key[0] === 'identity';
  if (goneId) await client.invalidateQueries({ predicate: (query) => aboutGone(query.queryKey), refetchType: 'none' });
  await client.invalidateQueries({ predicate: (query) => ours(query.queryKey) && !aboutGone(query.queryKey) });
}

export function useMerge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { survivorId: string; mergedId: string }) => unwrap(await api.POST('/api/v1/identity/merges', { body })),
    onSuccess: (merge) => afterMergeChange(client, merge.mergedId),
  });
}

export function useUnmerge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/api/v1/identity/merges/{id}/undo', { params: { path: { id } } })),
    onSuccess: () => afterMergeChange(client),
  });
}

export type UploadProgress = { loaded: number; total: number };

/**
 * Uploads a people file to the import endpoint as a background job (multipart, one part named "file"): the server
 * streams it to disk and answers 202 with the job to follow (useImportJob). XMLHttpRequest rather than fetch: it
 * reports upload progress.
 */
export function uploadPeopleFile(file: File, options: { source: string; mapping?: string; onProgress: (progress: UploadProgress) => void; signal?: AbortSignal }): Promise<ImportJob> {
  const query = new URLSearchParams({ source: options.source, background: 'true', ...(options.mapping ? { mapping: options.mapping } : {}) });
  const form = new FormData();
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/identity/imports?${query.toString()}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => options.onProgress({ loaded: event.loaded, total: event.total });
    request.onload = () => {
      const body = request.response as unknown;
      if (request.status >= 200 && request.status < 300) return resolve(body as ImportJob);
      const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(request.status, error?.code ?? `HTTP.${request.status}`, error?.message ?? request.statusText, error?.details));
    };
    request.onerror = () => reject(new ApiError(0, 'HTTP.NETWORK', 'network error', null));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(form);
  });
}

const POLL_MS = 700;

/** An import job's progress, asked again every 0.7 s until it is done or failed. */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['identity', 'imports', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/identity/imports/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'done' || query.state.data.status === 'failed') ? false : POLL_MS),
    staleTime: 0,
  });
}

export type RetrainResult = Schemas['IdentityRetrainResult'];

/** The matching model in use and how many review decisions taught it (administrators only). */
export function useMatchModel(enabled: boolean) {
  return useQuery({
    queryKey: ['identity', 'model'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/identity/model', { signal })),
    enabled,
  });
}

export function useRetrain() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/identity/model/retrain', { body: {} })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['identity', 'model'] }),
  });
}

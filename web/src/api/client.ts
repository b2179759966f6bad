/** The one typed API client (generated from openapi.json) and the error shape every call can fail with. */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type Schemas = components['schemas'];
export type Person = Schemas['Person'];
export type Organisation = Schemas['Organisation'];
export type User = Schemas['User'];
export type CustomField = Schemas['CustomField'];
export type KeyDate = Schemas['KeyDate'];
export type Membership = Schemas['Membership'];
export type FamilyMember = Schemas['FamilyMember'];
export type PersonCreate = Schemas['PersonCreateInput'];
export type PersonPatch = Schemas['PersonPatchInput'];

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });

export type FieldIssue = { field: string; message: string };

/** An API failure: the server's `{ error: { code, message, details } }` plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** 400 details name fields as `body.name` or `body.phones.0.number`; forms want `name` / `phones.0.number`. */
  get issues(): FieldIssue[] {
    const raw = (this.details as { issues?: unknown } | null | undefined)?.issues;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((issue: unknown) => {
      const { field, message } = (issue ?? {}) as { field?: unknown; message?: unknown };
      if (typeof field !== 'string') return [];
      return [{ field: field.replace(/^body\.?/, ''), message: typeof message === 'string' ? message : '' }];
    });
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the envelope. */
export function unwrap<T>({ data, error, response }: Result<T>): T {
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  throw new ApiError(response.status, body.error?.code ?? `HTTP.${response.status}`, body.error?.message ?? response.statusText, body.error?.details);
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

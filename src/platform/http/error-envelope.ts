/** The one error body every failure answers with, and its mapping from thrown errors. */
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError, STATUS_OF_KIND, type ErrorKind } from '../../kernel/errors.ts';

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().describe('MODULE.REASON, stable for programs'),
      message: z.string().describe('For people; names the field or record concerned'),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

type ValidationIssue = { instancePath?: string; message?: string; params?: { issue?: { path?: PropertyKey[]; code?: string } } };

const FASTIFY_CODES: Record<string, [ErrorKind, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid', 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid', 'REQUEST.EMPTY_BODY', 'The request body is empty but JSON was declared'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['too_large', 'REQUEST.BODY_TOO_LARGE', 'The request body is larger than the server accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here; send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid', 'REQUEST.BAD_CONTENT_LENGTH', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_TYPE: ['invalid', 'REQUEST.BAD_CONTENT_TYPE', 'The Content-Type header is malformed'],
  FST_ERR_BAD_URL: ['invalid', 'REQUEST.BAD_URL', 'The URL is malformed'],
  FST_ERR_MAX_PARAM_LENGTH: ['invalid', 'REQUEST.BAD_URL', 'A path segment is too long'],
  FST_ERR_ASYNC_CONSTRAINT: ['invalid', 'REQUEST.BAD_URL', 'The request could not be routed'],
  FST_ERR_INVALID_URL: ['invalid', 'REQUEST.BAD_URL', 'The URL is malformed'],
  FST_ERR_RATE_LIMIT: ['rate_limited', 'REQUEST.RATE_LIMITED', 'Too many requests; wait and try again'],
};

// PostgreSQL errors that input can still provoke despite the schemas (a race on a unique key, say).
const PG_CODES: Record<string, [ErrorKind, string, string]> = {
  '23505': ['conflict', 'CONFLICT.DUPLICATE', 'A record with the same unique value already exists'],
  '23503': ['conflict', 'CONFLICT.REFERENCE', 'The record refers to, or is referred to by, a record that does not exist'],
  '22P02': ['invalid', 'REQUEST.INVALID_VALUE', 'A value has the wrong format'],
  '22003': ['invalid', 'REQUEST.OUT_OF_RANGE', 'A number is out of range'],
  '22007': ['invalid', 'REQUEST.INVALID_VALUE', 'A date or time is not valid'],
  '22008': ['invalid', 'REQUEST.INVALID_VALUE', 'A date or time is out of range'],
  '22001': ['invalid', 'REQUEST.TOO_LONG', 'A value is too long'],
  '22021': ['invalid', 'REQUEST.INVALID_VALUE', 'Text contains a byte sequence that is not allowed'],
  '54000': ['invalid', 'REQUEST.TOO_LARGE', 'A value is too large for the database'],
};

function fieldOf(issue: ValidationIssue, part: string | undefined): string {
  const path = issue.params?.issue?.path;
  const segments = path && path.length > 0 ? path.map(String) : (issue.instancePath ?? '').split('/').filter(Boolean);
  return [part, ...segments].filter(Boolean).join('.');
}

/** Turns anything thrown in a request into an AppError; unknown errors become INTERNAL (and are logged). */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = (error as { validationContext?: string }).validationContext;
    const issues = (error.validation as ValidationIssue[]).map((issue) => ({
      field: fieldOf(issue, part === 'querystring' ? 'query' : part),
      message: issue.message ?? 'invalid',
    }));
    const first = issues[0];
    const message = first ? `${first.field || 'request'}: ${first.message}` : 'The request is invalid';
    return new AppError('invalid', 'REQUEST.VALIDATION', message, { issues });
  }
  if (isResponseSerializationError(error)) {
    return new AppError('internal', 'INTERNAL', 'The server could not produce a valid response');
  }
  const fastifyError = error as Partial<FastifyError> & { code?: string };
  const known = fastifyError.code ? (FASTIFY_CODES[fastifyError.code] ?? PG_CODES[fastifyError.code]) : undefined;
  if (known) {
    const [kind, code, message] = known;
    const detail = (error as { detail?: string }).detail;
    return new AppError(kind, code, message, detail ? { detail } : undefined);
  }
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return new AppError('invalid', 'REQUEST.MALFORMED_JSON', `The request body is not valid JSON: ${error.message}`);
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const kind = (Object.entries(STATUS_OF_KIND).find(([, s]) => s === status)?.[0] ?? 'invalid') as ErrorKind;
    return new AppError(kind, `REQUEST.${(fastifyError.code ?? 'INVALID').replace(/^FST_ERR_/, '')}`, fastifyError.message ?? 'Bad request');
  }
  return new AppError('internal', 'INTERNAL', 'Something went wrong on our side; the request id identifies it in the logs');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const appError = toAppError(error);
  if (appError.kind === 'internal') request.log.error({ err: error }, 'unhandled error');
  else request.log.info({ code: appError.code }, appError.message);
  const body: ErrorEnvelope = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  // Errors bypass the route's response schema: the envelope is the same everywhere.
  return reply.code(appError.status).type('application/json; charset=utf-8').serializer(JSON.stringify).send(body);
}

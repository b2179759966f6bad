/**
 * Checks after authentication that concern the credential rather than the record: read-only API tokens, and
 * cross-site request forgery against cookie sessions (SameSite=Lax already stops most; the Origin check closes
 * the rest, e.g. a sibling sub-domain).
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import type { Principal } from './principal.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // a malformed Origin is simply not ours
  }
}

export function checkCredentialUse(request: FastifyRequest, principal: Principal, allowedOrigins: string[]): void {
  if (SAFE.has(request.method)) return;
  if (principal.via === 'token' && !principal.tokenScopes.includes('write')) {
    throw new AppError('forbidden', 'AUTH.READ_ONLY_TOKEN', 'This API token may only read; create one with the write scope to change data');
  }
  if (principal.via === 'session') {
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    const host = request.headers.host;
    const sameOrigin = origin !== undefined && host !== undefined && hostOf(origin) === host;
    const allowed = origin !== undefined && allowedOrigins.includes(origin);
    if ((origin !== undefined && origin !== 'null' && !sameOrigin && !allowed) || origin === 'null' || fetchSite === 'cross-site') {
      throw new AppError('forbidden', 'AUTH.CROSS_SITE', 'A signed-in browser request from another site was refused (possible cross-site request forgery)');
    }
  }
}

/** Who made a request. Resolved once per request by the authenticator the access module provides. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import type { ActorContext } from '../../kernel/context.ts';
import type { AccessScope } from '../../kernel/access-scope.ts';

export type Principal = {
  tenantId: string;
  userId: string;
  email: string;
  via: 'session' | 'token';
  /** Session or token id, so logout/revocation can name it. */
  credentialId: string;
  /** What the credential allows: an API token may be read-only. Sessions carry read and write. */
  tokenScopes: string[];
  scope: AccessScope;
};

/**
 * - `public`: anyone; `user`: any signed-in user (the handler scopes what they see);
 * - `admin`: administrators only, refused before the body is read;
 * - `{ object }`: records of that type, filtered and checked by the owning module's visibility rules.
 */
export type RoutePolicy = 'public' | 'user' | 'admin' | { object: string };

/** Gives every route registered later in this plugin a policy, unless the route sets its own. */
export function defaultPolicy(app: FastifyInstance, policy: RoutePolicy): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, policy: route.config?.policy ?? policy };
  });
}

export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

// Module augmentation can only merge into interfaces.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, login, the OpenAPI document). */
    public?: boolean;
    /** Who may call the route; every /api route must have one (the authorisation matrix test checks). */
    policy?: RoutePolicy;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */

/** The signed-in principal, or a 401 if the route was reached without one (a public route asking for it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'AUTH.REQUIRED', 'Sign in or send an API token');
  return request.principal;
}

export function actorOf(request: FastifyRequest): ActorContext {
  const principal = principalOf(request);
  return { tenantId: principal.tenantId, userId: principal.userId, requestId: request.id, scope: principal.scope, ip: request.ip };
}

/**
 * The Fastify app factory: zod validation and OpenAPI, the one error envelope, authentication on every route
 * that is not marked public, request ids and security headers. Modules bring their routes as plugins.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Config } from '../config.ts';
import { errorEnvelopeSchema, sendError } from './error-envelope.ts';
import { trackRoutes } from './method-guard.ts';
import { checkCredentialUse } from './request-guards.ts';
import type { Authenticator, RoutePolicy } from './principal.ts';

export type RoutePlugin = { prefix: string; plugin: FastifyPluginAsync };
export type RouteEntry = { method: string; url: string; policy: RoutePolicy | undefined };

declare module 'fastify' {
  // Module augmentation can only merge into interfaces.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
  }
}

export type HttpAppOptions = {
  config: Pick<Config, 'bodyLimit' | 'corsOrigins' | 'logLevel'>;
  authenticate: Authenticator;
  routes: RoutePlugin[];
  /** Extra plugins registered after the API (the web app's static files). */
  after?: FastifyPluginAsync[];
  logger?: FastifyServerOptions['logger'];
};

const ERROR_STATUSES = [400, 401, 403, 404, 409, 412, 413, 415, 429, 500] as const;
const PUBLIC_ERROR_STATUSES = [400, 404, 413, 415, 429, 500] as const;

export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    bodyLimit: options.config.bodyLimit,
    genReqId: () => newId(),
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // Router-level refusals (bad URL, over-long path segment) get the same envelope as everything else.
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  const allowedMethods = trackRoutes(app);
  // The route catalogue: what the authorisation matrix test walks.
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') || route.method === 'HEAD' || (Array.isArray(route.method) && route.method.includes('HEAD'))) return;
    // Read the policy lazily: plugins' own onRoute hooks (defaultPolicy) run after this root hook.
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      catalogue.push({
        method,
        url: route.url,
        get policy() {
          return route.config?.public ? 'public' : route.config?.policy;
        },
      });
    }
  });

  // Every operation documents the one error body for each status it can answer.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.schema?.hide) return;
    const schema = (route.schema ??= {});
    const response = (schema.response ??= {}) as Record<number, unknown>;
    const statuses = route.config?.public ? PUBLIC_ERROR_STATUSES : ERROR_STATUSES;
    for (const status of statuses) response[status] ??= errorEnvelopeSchema;
    if (route.config?.public) (schema as { security?: unknown[] }).security = [];
  });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const allow = allowedMethods(request.method, request.url);
    if (allow.length > 0 && request.method !== 'OPTIONS') {
      reply.header('allow', allow.join(', '));
      return sendError(request, reply, new AppError('method_not_allowed', 'REQUEST.METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${request.url.split('?')[0]}; allowed: ${allow.join(', ')}`));
    }
    return sendError(request, reply, new AppError('not_found', 'REQUEST.NO_SUCH_ROUTE', `There is no ${request.method} ${request.url.split('?')[0]}`));
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cors, { origin: options.config.corsOrigins.length > 0 ? options.config.corsOrigins : false, credentials: true });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Guanxi API',
        version: '1',
        description: 'Guanxi (关系) CRM. Errors always answer `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `guanxi token create`' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'guanxi_session', description: 'Session cookie from POST /api/v1/auth/login' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true }, staticCSP: true });

  // Authentication runs before the body is read: an anonymous caller learns nothing about validation.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    if (request.url.startsWith('/api/docs')) return;
    if (!request.url.startsWith('/api/')) return;
    request.principal = await options.authenticate(request);
    if (!request.principal) throw new AppError('unauthenticated', 'AUTH.REQUIRED', 'Sign in or send an API token (Authorization: Bearer …)');
    checkCredentialUse(request, request.principal, options.config.corsOrigins);
    if (request.routeOptions.config?.policy === 'admin' && !request.principal.scope.isAdmin) {
      throw new AppError('forbidden', 'ACCESS.ADMIN_ONLY', 'Only an administrator may do this');
    }
  });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const { prefix, plugin } of options.routes) await app.register(plugin, { prefix });
  for (const plugin of options.after ?? []) await app.register(plugin);
  return app;
}

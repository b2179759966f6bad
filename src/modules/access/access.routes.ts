/** /api/v1/auth/* and /api/v1/users: sign-in, sign-out, who am I, API tokens, users. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../platform/http/error-envelope.ts';
import { actorOf, defaultPolicy, principalOf } from '../../platform/http/principal.ts';
import { accessErrors } from './access.errors.ts';
import { SESSION_COOKIE, type AccessService } from './access.service.ts';
import type { SetupService } from './setup.service.ts';
import { setupSchema, setupStatusSchema, totpCodeSchema, totpSetupSchema, apiTokenCreatedSchema, apiTokenCreateSchema, loginSchema, userCreateSchema, userSchema } from './user.schema.ts';

export type AccessRoutesOptions = { access: AccessService; setup: SetupService; secureCookies: boolean };

export function accessRoutes({ access, setup, secureCookies }: AccessRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    defaultPolicy(app, 'user');
    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], summary: 'Sign in with e-mail and password (sets the session cookie)', body: loginSchema, response: { 200: z.object({ user: userSchema }), 401: errorEnvelopeSchema } },
      },
      async (request, reply) => {
        const { secret, expiresAt, user } = await access.login(request.body.email, request.body.password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
          totp: request.body.totp,
        });
        reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, expires: expiresAt });
        return { user };
      },
    );

    app.get(
      '/auth/setup',
      { config: { public: true }, schema: { tags: ['auth'], summary: 'Whether the first administrator is still to be created (no account exists yet)', response: { 200: setupStatusSchema } } },
      async () => ({ needed: await setup.needed() }),
    );

    app.post(
      '/auth/setup',
      {
        config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Create the first administrator with the one-time link the server printed at start, and sign them in (sets the session cookie)',
          description: 'Only while no account exists. A wrong token answers 403; once an account exists (or when another call won the race), 409.',
          body: setupSchema,
          response: { 201: userSchema, 403: errorEnvelopeSchema, 409: errorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { user, secret, expiresAt } = await setup.complete(request.body, { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id });
        reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, expires: expiresAt });
        return reply.code(201).header('location', `/api/v1/users/${user.id}`).send(user);
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: z.null() } } }, async (request, reply) => {
      await access.logout(principalOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });

    app.post('/auth/totp/setup', { schema: { tags: ['auth'], summary: 'Start second-factor enrolment: a secret and an otpauth URI for the QR code', response: { 200: totpSetupSchema } } }, async (request) =>
      access.totpSetup(principalOf(request)),
    );
    app.post('/auth/totp/enable', { schema: { tags: ['auth'], summary: 'Turn the second factor on with a code from the authenticator app', body: totpCodeSchema, response: { 200: userSchema } } }, async (request) =>
      access.totpSet(principalOf(request), request.body.code, true),
    );
    app.post('/auth/totp/disable', { schema: { tags: ['auth'], summary: 'Turn the second factor off with a current code', body: totpCodeSchema, response: { 200: userSchema } } }, async (request) =>
      access.totpSet(principalOf(request), request.body.code, false),
    );

    app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: userSchema } } }, async (request) => {
      const principal = principalOf(request);
      return access.getUser(principal.tenantId, principal.userId);
    });

    app.post(
      '/auth/tokens',
      { schema: { tags: ['auth'], summary: 'Create an API token for yourself (the secret is shown once)', body: apiTokenCreateSchema, response: { 201: apiTokenCreatedSchema } } },
      async (request, reply) => {
        const ctx = actorOf(request);
        const created = await access.createApiToken({ ...ctx, userId: principalOf(request).userId }, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get('/users', { schema: { tags: ['users'], summary: 'Users of your tenant', response: { 200: z.object({ items: z.array(userSchema) }) } } }, async (request) => ({
      items: await access.listUsers(principalOf(request).tenantId),
    }));

    app.post('/users', { config: { policy: 'admin' }, schema: { tags: ['users'], summary: 'Create a user (administrators only)', body: userCreateSchema, response: { 201: userSchema } } }, async (request, reply) => {
      if (!principalOf(request).scope.isAdmin) throw accessErrors.adminOnly();
      const user = await access.createUser(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/users/${user.id}`).send(user);
    });

    app.get('/users/:id', { schema: { tags: ['users'], summary: 'One user', params: z.strictObject({ id: z.uuid() }), response: { 200: userSchema } } }, async (request) =>
      access.getUser(principalOf(request).tenantId, request.params.id),
    );
  };
}

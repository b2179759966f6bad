/** /api/v1/roles, /teams, /users/{id} (PATCH), /shares, /handover. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { AccessService } from './access.service.ts';
import { handoverResultSchema, handoverSchema, roleKey, roleSchema, roleUpsertSchema, shareCreateSchema, shareSchema, teamCreateSchema, teamMemberSchema, teamPatchSchema, teamSchema, userPatchSchema } from './admin.schema.ts';
import type { AdminService, RecordLookup } from './admin.service.ts';
import { userSchema } from './user.schema.ts';
import { mayAct } from './visibility.ts';
import type { Kysely } from 'kysely';

export type AdminRoutesOptions = { admin: AdminService; access: AccessService; db: Kysely<Record<never, never>>; lookups: () => RecordLookup[] };

export function adminRoutes({ admin, access, db, lookups }: AdminRoutesOptions): FastifyPluginAsyncZod {
  /** A record may be shared by whoever may change it. */
  const canShare = async (ctx: ReturnType<typeof actorOf>, objectType: string, objectId: string) => {
    for (const lookup of lookups()) {
      const record = await lookup(ctx.tenantId, objectType, objectId);
      if (record) return (await mayAct(db, ctx, objectType, record, 'read')) && (await mayAct(db, ctx, objectType, record, 'write'));
    }
    return false;
  };

  return async (app) => {
    defaultPolicy(app, 'admin');
    app.get('/roles', { config: { policy: 'user' }, schema: { tags: ['access'], summary: 'Roles: built-in and your own', response: { 200: z.object({ items: z.array(roleSchema) }) } } }, async (request) => ({
      items: await admin.listRoles(actorOf(request).tenantId),
    }));
    app.put('/roles/:key', { schema: { tags: ['access'], summary: "Set a role's permissions (creates a role of your own, or overrides a built-in one)", params: z.strictObject({ key: roleKey }), body: roleUpsertSchema, response: { 200: roleSchema } } }, async (request) =>
      admin.upsertRole(actorOf(request), request.params.key, request.body),
    );

    app.get('/teams', { config: { policy: 'user' }, schema: { tags: ['access'], summary: 'The organisation tree', response: { 200: z.object({ items: z.array(teamSchema) }) } } }, async (request) => ({ items: await admin.listTeams(actorOf(request).tenantId) }));
    app.post('/teams', { schema: { tags: ['access'], summary: 'Create a company, branch or team', body: teamCreateSchema, response: { 201: teamSchema } } }, async (request, reply) => {
      const team = await admin.createTeam(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/teams/${team.id}`).send(team);
    });
    app.patch('/teams/:id', { schema: { tags: ['access'], summary: 'Rename, move or change the manager of a team', params: idParams, body: teamPatchSchema, response: { 200: teamSchema } } }, async (request) =>
      admin.updateTeam(actorOf(request), request.params.id, request.body),
    );
    app.post('/teams/:id/members', { schema: { tags: ['access'], summary: 'Add a user to a team', params: idParams, body: teamMemberSchema, response: { 200: teamSchema } } }, async (request) =>
      admin.setMember(actorOf(request), request.params.id, request.body.userId, true),
    );
    app.delete('/teams/:id/members/:userId', { schema: { tags: ['access'], summary: 'Remove a user from a team', params: z.strictObject({ id: z.uuid(), userId: z.uuid() }), response: { 200: teamSchema } } }, async (request) =>
      admin.setMember(actorOf(request), request.params.id, request.params.userId, false),
    );

    app.patch('/users/:id', { schema: { tags: ['users'], summary: 'Change a user: name, role, language, or deactivate (ends every session and token)', params: idParams, body: userPatchSchema, response: { 200: userSchema } } }, async (request) => {
      const ctx = actorOf(request);
      await admin.updateUser(ctx, request.params.id, request.body);
      return access.getUser(ctx.tenantId, request.params.id);
    });

    app.post('/users/:id/totp/reset', { schema: { tags: ['users'], summary: "Turn off a user's second factor (lost phone): they sign in with the password and enrol again", params: idParams, response: { 200: userSchema } } }, async (request) => {
      const ctx = actorOf(request);
      await admin.resetSecondFactor(ctx, request.params.id);
      return access.getUser(ctx.tenantId, request.params.id);
    });

    app.get('/shares', { config: { policy: 'user' }, schema: { tags: ['access'], summary: 'Who a record is shared with', querystring: z.strictObject({ objectType: z.string().regex(/^[a-z_]{1,40}$/), objectId: z.uuid() }), response: { 200: z.object({ items: z.array(shareSchema) }) } } }, async (request) => {
      const ctx = actorOf(request);
      if (!(await canShare(ctx, request.query.objectType, request.query.objectId))) return { items: [] };
      return { items: await admin.listShares(ctx, request.query.objectType, request.query.objectId) };
    });
    app.post('/shares', { config: { policy: 'user' }, schema: { tags: ['access'], summary: 'Share a record with a user or team (read or edit)', body: shareCreateSchema, response: { 201: shareSchema } } }, async (request, reply) => {
      const ctx = actorOf(request);
      return reply.code(201).send(await admin.share(ctx, request.body, await canShare(ctx, request.body.objectType, request.body.objectId)));
    });
    app.delete('/shares/:id', { config: { policy: 'user' }, schema: { tags: ['access'], summary: 'Stop sharing', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      const ctx = actorOf(request);
      await admin.unshare(ctx, request.params.id, (type, id) => canShare(ctx, type, id));
      return reply.code(204).send(null);
    });

    app.post('/handover', { schema: { tags: ['access'], summary: "Hand a user's customers and open work to another user in one audited operation", body: handoverSchema, response: { 200: handoverResultSchema } } }, async (request) =>
      admin.handover(actorOf(request), request.body),
    );
  };
}

/** /api/v1/people — CRUD, list, search, and a person's organisations and family. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, text } from '../../kernel/schema.ts';
import { actorOf, defaultPolicy } from '../../platform/http/principal.ts';
import type { DirectoryService } from './directory.service.ts';
import { versionFromIfMatch } from './directory.errors.ts';
import { personCreateSchema, personListQuerySchema, personPageSchema, personPatchSchema, personSchema } from './person.schema.ts';
import { consentCreateSchema, consentsSchema } from './consent.schema.ts';
import { familyMemberCreateSchema, familyMemberSchema, membershipCreateSchema, membershipSchema } from './relations.schema.ts';
import { ifMatchHeaders } from '../../kernel/concurrency.ts';

const ifMatch = ifMatchHeaders;
const tags = ['people'];

export function personRoutes(directory: DirectoryService): FastifyPluginAsyncZod {
  const { people, relations, privacy } = directory;
  return async (app) => {
    defaultPolicy(app, { object: 'person' });
    app.get('/people', { schema: { tags, summary: 'List people (filters, sorts, cursor pages)', querystring: personListQuerySchema, response: { 200: personPageSchema } } }, async (request) =>
      people.list(actorOf(request), request.query),
    );

    app.get(
      '/people/search',
      { schema: { tags, summary: 'Find people by name, pinyin or initials, 简/繁, phone digits or e-mail', querystring: z.strictObject({ q: text(100, 1), limit: z.coerce.number().int().min(1).max(50).default(10) }), response: { 200: z.object({ items: z.array(personSchema) }) } } },
      async (request) => ({ items: await people.search(actorOf(request), request.query.q, request.query.limit) }),
    );

    app.post('/people', { schema: { tags, summary: 'Create a person', body: personCreateSchema, response: { 201: personSchema } } }, async (request, reply) => {
      const person = await people.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/people/${person.id}`).header('etag', `"${person.version}"`).send(person);
    });

    app.get('/people/:id', { schema: { tags, summary: 'One person', params: idParams, response: { 200: personSchema } } }, async (request, reply) => {
      const person = await people.get(actorOf(request), request.params.id);
      return reply.header('etag', `"${person.version}"`).send(person);
    });

    app.patch('/people/:id', { schema: { tags, summary: 'Change a person (send If-Match to refuse stale edits)', params: idParams, headers: ifMatch, body: personPatchSchema, response: { 200: personSchema } } }, async (request, reply) => {
      const person = await people.update(actorOf(request), request.params.id, request.body, versionFromIfMatch(request.headers['if-match']));
      return reply.header('etag', `"${person.version}"`).send(person);
    });

    app.delete('/people/:id', { schema: { tags, summary: 'Delete a person (restorable)', params: idParams, headers: ifMatch, response: { 204: z.null() } } }, async (request, reply) => {
      await people.remove(actorOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']));
      return reply.code(204).send(null);
    });

    app.post('/people/:id/restore', { schema: { tags, summary: 'Restore a deleted person', params: idParams, response: { 200: personSchema } } }, async (request) =>
      people.restore(actorOf(request), request.params.id),
    );

    app.get('/people/:id/organisations', { schema: { tags, summary: "A person's organisations", params: idParams, response: { 200: z.object({ items: z.array(membershipSchema) }) } } }, async (request) => ({
      items: await relations.listMemberships(actorOf(request), { personId: request.params.id }),
    }));

    app.post('/people/:id/organisations', { schema: { tags, summary: 'Link a person to an organisation', params: idParams, body: membershipCreateSchema, response: { 201: membershipSchema } } }, async (request, reply) =>
      reply.code(201).send(await relations.addMembership(actorOf(request), request.params.id, request.body)),
    );

    app.get('/people/:id/family-members', { schema: { tags, summary: "A person's family members", params: idParams, response: { 200: z.object({ items: z.array(familyMemberSchema) }) } } }, async (request) => ({
      items: await relations.listFamily(actorOf(request), request.params.id),
    }));

    app.get('/people/:id/consents', { schema: { tags, summary: 'Consent per channel: the current decision and its history', params: idParams, response: { 200: consentsSchema } } }, async (request) =>
      privacy.consents(actorOf(request), request.params.id),
    );

    app.post('/people/:id/consents', { schema: { tags, summary: 'Record a consent given or withdrawn, with its source', params: idParams, body: consentCreateSchema, response: { 201: consentsSchema } } }, async (request, reply) =>
      reply.code(201).send(await privacy.recordConsent(actorOf(request), request.params.id, request.body)),
    );

    app.post('/people/:id/family-members', { schema: { tags, summary: 'Add a family member', params: idParams, body: familyMemberCreateSchema, response: { 201: familyMemberSchema } } }, async (request, reply) =>
      reply.code(201).send(await relations.addFamilyMember(actorOf(request), request.params.id, request.body)),
    );
  };
}

/** People: create, read, change (optimistic concurrency), soft delete and restore. Lists live in person.list.ts. */
import type { Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { normaliseAddress, normaliseEmails, normalisePhones } from './contacts.ts';
import { applyCustomValues } from './custom-values.ts';
import type { CustomFieldService } from './custom-field.service.ts';
import { directoryErrors } from './directory.errors.ts';
import type { DirectoryTables } from './directory.tables.ts';
import { nameColumns, regionColumns, toPerson, viewPerson, type PersonRow } from './person.mapper.ts';
import { mayAct } from '../access/index.ts';
import { objectAccess, ownerAllowed } from '../../kernel/access-scope.ts';
import { requireVisible } from './field-access.ts';
import type { Person, PersonCreate, PersonPatch } from './person.schema.ts';
import { recordTerms } from './search-terms.ts';
import { clearSearchTerms, replaceSearchTerms } from './search-terms.queries.ts';

/**
 * Another module's interest in new people, injected by the composition root (the directory imports no one):
 * `beforeCreate` may refuse (an AppError, e.g. a likely duplicate), `afterCreate` runs once the person is committed.
 */
export type PersonHooks = {
  beforeCreate?: (ctx: ActorContext, input: PersonCreate, id: string) => Promise<void>;
  afterCreate?: (ctx: ActorContext, person: Person) => Promise<void>;
};

export type DirectoryDeps = {
  db: Kysely<DirectoryTables>;
  phoneRegion: string;
  customFields: CustomFieldService;
  /** Whether a user id exists in the tenant (owners are users; the access module answers). */
  userExists: (tenantId: string, userId: string) => Promise<boolean>;
  hooks?: PersonHooks;
};

type Changes = Record<string, { before: unknown; after: unknown }>;

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}

export function createPersonService(deps: DirectoryDeps) {
  const { db } = deps;

  async function checkReferences(ctx: ActorContext, ownerId: string | null | undefined, references: Array<{ key: string; type: 'person' | 'organisation'; id: string }>) {
    if (ownerId && !(await deps.userExists(ctx.tenantId, ownerId))) throw directoryErrors.badReference('ownerId', 'user', ownerId);
    for (const ref of references) {
      const table = ref.type === 'person' ? 'people' : 'organisations';
      const found = await db.selectFrom(table).select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', ref.id).where('deletedAt', 'is', null).executeTakeFirst();
      if (!found) throw directoryErrors.badReference(`custom.${ref.key}`, ref.type, ref.id);
    }
  }

  function contactColumns(input: PersonCreate | PersonPatch) {
    const phones = input.phones ? normalisePhones(input.phones, deps.phoneRegion) : undefined;
    const emails = input.emails ? normaliseEmails(input.emails) : undefined;
    const addresses = input.addresses ? input.addresses.map(normaliseAddress) : undefined;
    return { phones, emails, addresses };
  }

  /** The owner a new or re-assigned record may get: yourself, or someone inside your write scope. */
  function checkOwnerAssignable(ctx: ActorContext, ownerId: string | null) {
    if (!ctx.scope) return;
    const write = objectAccess(ctx.scope, 'person').write;
    if (write.kind === 'none') throw directoryErrors.forbidden('Your role may not create or change people');
    if (ownerId !== ctx.scope.userId && !ownerAllowed(write, ownerId)) throw directoryErrors.forbidden('You may not give a person to an owner outside your scope');
  }

  /** Loads a record for a change: invisible → 404 (existence is not revealed), visible but not yours → 403. */
  async function loadForChange(ctx: ActorContext, trx: Kysely<DirectoryTables>, id: string, action: 'write' | 'delete', wantDeleted: boolean) {
    const current = await findRow(ctx.tenantId, id, trx, true);
    if (!current || Boolean(current.deletedAt) !== wantDeleted || !(await mayAct(trx, ctx, 'person', current, 'read'))) throw directoryErrors.personNotFound(id);
    if (!(await mayAct(trx, ctx, 'person', current, action))) throw directoryErrors.forbidden(`Your role may not ${action === 'write' ? 'change' : 'delete or restore'} person ${id}`);
    return current;
  }

  /**
   * Checks a new person and returns its write, so that another module can create the person inside its own
   * transaction (lead conversion: person, organisation and opportunity commit together or not at all).
   * `afterCommit` tells the hooks; call it only once the caller's transaction has committed.
   * `options.id`: an id planned by the caller (identity imports plan it first, so a re-run finishes the same person).
   */
  async function prepareCreate(ctx: ActorContext, input: PersonCreate, options: { id?: string } = {}) {
    checkOwnerAssignable(ctx, input.ownerId ?? ctx.userId ?? null);
    const definitions = await deps.customFields.list(ctx.tenantId, 'person');
    const custom = applyCustomValues(definitions, {}, input.custom, true);
    await checkReferences(ctx, input.ownerId, custom.references);
    const { phones = [], emails = [], addresses = [] } = contactColumns(input);
    const id = options.id ?? newId();
    await deps.hooks?.beforeCreate?.(ctx, input, id);
    const write = async (anyTrx: Kysely<Record<never, never>>): Promise<Person> => {
      const trx = anyTrx.withTables<DirectoryTables>();
      const row = await trx
        .insertInto('people')
        .values({
          tenantId: ctx.tenantId,
          id,
          ...nameColumns(input.name),
          gender: input.gender ?? null,
          birthday: input.birthday ?? null,
          phones: JSON.stringify(phones),
          emails: JSON.stringify(emails),
          wechatId: input.wechatId ?? null,
          addresses: JSON.stringify(addresses),
          ...regionColumns(addresses),
          relationshipTypes: input.relationshipTypes ?? [],
          ownerId: input.ownerId ?? ctx.userId ?? null,
          source: input.source ?? null,
          tags: [...new Set(input.tags ?? [])],
          notes: input.notes ?? null,
          custom: JSON.stringify(custom.values),
          createdBy: ctx.userId ?? null,
          updatedBy: ctx.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceSearchTerms(trx, ctx.tenantId, 'person', id, recordTerms({ name: row.name, phones, emails, wechatId: row.wechatId }));
      await appendEvents(trx, ctx, [{ type: 'directory.person.created', aggregateType: 'person', aggregateId: id, payload: { person: toPerson(row) } }]);
      return viewPerson(row, ctx.scope);
    };
    return { id, write, afterCommit: async (person: Person) => deps.hooks?.afterCreate?.(ctx, person) };
  }

  async function create(ctx: ActorContext, input: PersonCreate, options: { id?: string } = {}): Promise<Person> {
    const prepared = await prepareCreate(ctx, input, options);
    const created = await db.transaction().execute((trx) => prepared.write(trx as unknown as Kysely<Record<never, never>>));
    await prepared.afterCommit(created);
    return created;
  }

  async function findRow(tenantId: string, id: string, trx: Kysely<DirectoryTables> = db, lock = false): Promise<PersonRow | undefined> {
    let query = trx.selectFrom('people').selectAll().where('tenantId', '=', tenantId).where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async function get(ctx: ActorContext, id: string): Promise<Person> {
    const row = await findRow(ctx.tenantId, id);
    if (!row || row.deletedAt || !(await mayAct(db, ctx, 'person', row, 'read'))) throw directoryErrors.personNotFound(id);
    return viewPerson(row, ctx.scope);
  }

  async function update(ctx: ActorContext, id: string, patch: PersonPatch, expectedVersion?: number): Promise<Person> {
    const definitions = patch.custom ? await deps.customFields.list(ctx.tenantId, 'person') : [];
    // Writing a field you only see masked would overwrite what you cannot see.
    for (const field of ['phones', 'emails', 'birthday', 'addresses', 'wechatId'] as const) if (patch[field] !== undefined) requireVisible(ctx.scope, 'person', field, field);
    if (patch.ownerId !== undefined) checkOwnerAssignable(ctx, patch.ownerId);
    const contacts = contactColumns(patch);
    return db.transaction().execute(async (trx) => {
      const current = await loadForChange(ctx, trx, id, 'write', false);
      if (current.erasedAt) throw directoryErrors.erased(id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw directoryErrors.stale('Person', id, expectedVersion, current.version);
      const custom = patch.custom ? applyCustomValues(definitions, current.custom, patch.custom, false) : undefined;
      await checkReferences(ctx, patch.ownerId, custom?.references ?? []);
      const next = {
        ...(patch.name !== undefined ? nameColumns(patch.name) : {}),
        ...(patch.gender !== undefined ? { gender: patch.gender } : {}),
        ...(patch.birthday !== undefined ? { birthday: patch.birthday } : {}),
        ...(contacts.phones ? { phones: contacts.phones } : {}),
        ...(contacts.emails ? { emails: contacts.emails } : {}),
        ...(patch.wechatId !== undefined ? { wechatId: patch.wechatId } : {}),
        ...(contacts.addresses ? { addresses: contacts.addresses, ...regionColumns(contacts.addresses) } : {}),
        ...(patch.relationshipTypes ? { relationshipTypes: patch.relationshipTypes } : {}),
        ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
        ...(patch.source !== undefined ? { source: patch.source } : {}),
        ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(custom ? { custom: custom.values } : {}),
      };
      const changes = diff(toPerson(current) as Record<string, unknown>, next);
      if (Object.keys(changes).length === 0) return viewPerson(current, ctx.scope);
      const { phones, emails, addresses, custom: customValues, ...plain } = next;
      const row = await trx
        .updateTable('people')
        .set({
          ...plain,
          ...(phones ? { phones: JSON.stringify(phones) } : {}),
          ...(emails ? { emails: JSON.stringify(emails) } : {}),
          ...(addresses ? { addresses: JSON.stringify(addresses) } : {}),
          ...(customValues ? { custom: JSON.stringify(customValues) } : {}),
          updatedAt: new Date(),
          updatedBy: ctx.userId ?? null,
          version: current.version + 1,
        })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceSearchTerms(trx, ctx.tenantId, 'person', id, recordTerms({ name: row.name, phones: row.phones, emails: row.emails, wechatId: row.wechatId }));
      await appendEvents(trx, ctx, [{ type: 'directory.person.updated', aggregateType: 'person', aggregateId: id, payload: { changes, version: row.version } }]);
      return viewPerson(row, ctx.scope);
    });
  }

  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Person> {
    return db.transaction().execute(async (trx) => {
      const current = await loadForChange(ctx, trx, id, 'delete', !deleted);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw directoryErrors.stale('Person', id, expectedVersion, current.version);
      const row = await trx
        .updateTable('people')
        .set({ deletedAt: deleted ? new Date() : null, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (deleted) await clearSearchTerms(trx, ctx.tenantId, id);
      else await replaceSearchTerms(trx, ctx.tenantId, 'person', id, recordTerms({ name: row.name, phones: row.phones, emails: row.emails, wechatId: row.wechatId }));
      await appendEvents(trx, ctx, [{ type: deleted ? 'directory.person.deleted' : 'directory.person.restored', aggregateType: 'person', aggregateId: id, payload: { version: row.version } }]);
      return viewPerson(row, ctx.scope);
    });
  }

  return {
    create,
    prepareCreate,
    get,
    update,
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
  };
}

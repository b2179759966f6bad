/**
 * Creating many people in one transaction (imports): the same columns, search terms and events as create(), but
 * one set-wise INSERT … SELECT per table instead of a transaction per person — the lever that makes an import of tens of
 * thousands of rows take seconds rather than minutes. Inputs with custom values or another owner go through
 * create(); here every person is owned by the caller, and an input the directory refuses is reported, not thrown.
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import { objectAccess } from '../../kernel/access-scope.ts';
import type { ActorContext } from '../../kernel/context.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { normaliseAddress, normaliseEmails, normalisePhones } from './contacts.ts';
import { applyCustomValues } from './custom-values.ts';
import { directoryErrors } from './directory.errors.ts';
import { nameColumns, regionColumns, toPerson } from './person.mapper.ts';
import type { DirectoryDeps } from './person.service.ts';
import type { PersonCreate } from './person.schema.ts';
import { insertSearchTerms } from './search-terms.queries.ts';
import { recordTerms } from './search-terms.ts';

export type BulkPerson = { id: string; input: Omit<PersonCreate, 'custom' | 'ownerId'> };

export function createPersonBulk(deps: DirectoryDeps) {
  /**
   * `trx`: the caller's transaction (an import writes its touchpoints and the people they name atomically, as
   * person relink does for a merge); without it the people get a transaction of their own.
   */
  return async function createMany(ctx: ActorContext, people: BulkPerson[], trx?: QueryExecutorProvider): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    if (people.length === 0) return refused;
    if (ctx.scope && objectAccess(ctx.scope, 'person').write.kind === 'none') throw directoryErrors.forbidden('Your role may not create people');
    // Required custom fields apply to every new person alike.
    const custom = applyCustomValues(await deps.customFields.list(ctx.tenantId, 'person', trx), {}, undefined, true);
    const rows = people.flatMap(({ id, input }) => {
      try {
        const phones = normalisePhones(input.phones ?? [], deps.phoneRegion);
        const emails = normaliseEmails(input.emails ?? []);
        const addresses = (input.addresses ?? []).map(normaliseAddress);
        return [{ id, input, phones, emails, addresses }];
      } catch (error) {
        refused.set(id, error instanceof Error ? error.message : 'refused');
        return [];
      }
    });
    if (rows.length === 0) return refused;
    const write = async (trx: QueryExecutorProvider) => {
      // One statement per table whatever the batch size, and the rows are not read back: the event payloads are built
      // from what was written, with the transaction's now() as created_at and updated_at. People travel as one JSON
      // document split by jsonb_to_recordset (their phones, e-mails and addresses are JSON already), search terms as
      // three array parameters: neither side builds or parses tens of thousands of placeholders.
      const batch = rows.map(({ id, input, phones, emails, addresses }) => ({
        id, ...nameColumns(input.name), gender: input.gender ?? null, birthday: input.birthday ?? null, phones, emails, wechatId: input.wechatId ?? null, addresses, ...regionColumns(addresses),
        relationshipTypes: input.relationshipTypes ?? [], source: input.source ?? null, tags: [...new Set(input.tags ?? [])], notes: input.notes ?? null,
      }));
      const { rows: stamp } = await sql<{ now: Date }>`
        WITH inserted AS (
          INSERT INTO people (tenant_id, id, name, name_folded, name_pinyin, name_initials, gender, birthday, phones, emails, wechat_id, addresses, province, city,
            relationship_types, owner_id, source, tags, notes, custom, created_by, updated_by)
          SELECT ${ctx.tenantId}, p.id, p.name, p."nameFolded", p."namePinyin", p."nameInitials", p.gender, p.birthday, p.phones, p.emails, p."wechatId", p.addresses, p.province, p.city,
            p."relationshipTypes", ${ctx.userId ?? null}::uuid, p.source, p.tags, p.notes, ${JSON.stringify(custom.values)}::jsonb, ${ctx.userId ?? null}::uuid, ${ctx.userId ?? null}::uuid
          FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS p(id uuid, name text, "nameFolded" text, "namePinyin" text, "nameInitials" text, gender text, birthday date,
            phones jsonb, emails jsonb, "wechatId" text, addresses jsonb, province text, city text, "relationshipTypes" text[], source text, tags text[], notes text)
          RETURNING 1
        )
        SELECT now() AS now, (SELECT count(*) FROM inserted) AS n`.execute(trx);
      const now = stamp[0]?.now ?? new Date();
      const people = batch.map((row) => toPerson({
        ...row, tenantId: ctx.tenantId, ownerId: ctx.userId ?? null, custom: custom.values,
        createdAt: now, updatedAt: now, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null, version: 1, deletedAt: null, erasedAt: null,
      }));
      await insertSearchTerms(trx, ctx.tenantId, 'person', people.flatMap((person) => recordTerms(person).map(({ term, field }) => ({ entityId: person.id, term, field }))));
      const events = people.map((person) => ({ type: 'directory.person.created', aggregateType: 'person', aggregateId: person.id, payload: { person } }));
      await appendEvents(trx, ctx, events); // by COPY from 100 events on
    };
    if (trx) await write(trx);
    else await deps.db.transaction().execute(write);
    return refused;
  };
}

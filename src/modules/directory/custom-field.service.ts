/** Custom field definitions per tenant and object type. */
import type { Kysely, QueryExecutorProvider, Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { CustomField, CustomFieldCreate } from './custom-field.schema.ts';
import { directoryErrors } from './directory.errors.ts';

function requireAdmin(ctx: ActorContext) {
  if (ctx.scope && !ctx.scope.isAdmin) throw directoryErrors.forbidden('Only an administrator may define custom fields');
}
import type { CustomFieldDefinitionsTable, DirectoryTables } from './directory.tables.ts';

const toCustomField = (row: Selectable<CustomFieldDefinitionsTable>): CustomField => ({
  id: row.id,
  objectType: row.objectType,
  key: row.key,
  label: row.label,
  type: row.type as CustomField['type'],
  options: row.options,
  referenceType: row.referenceType,
  required: row.required,
  createdAt: iso(row.createdAt),
  version: row.version,
});

export function createCustomFieldService(db: Kysely<DirectoryTables>) {
  /** `via`: a caller's transaction to read in (on PGlite's single connection a second one would wait for ever). */
  async function list(tenantId: string, objectType?: 'person' | 'organisation', via?: QueryExecutorProvider): Promise<CustomField[]> {
    let query = db.selectFrom('customFieldDefinitions').selectAll().where('tenantId', '=', tenantId);
    if (objectType) query = query.where('objectType', '=', objectType);
    query = query.orderBy('objectType').orderBy('key');
    const rows = via ? (await via.getExecutor().executeQuery(query.compile())).rows : await query.execute();
    return rows.map(toCustomField);
  }

  async function create(ctx: ActorContext, input: CustomFieldCreate): Promise<CustomField> {
    requireAdmin(ctx);
    const exists = await db.selectFrom('customFieldDefinitions').select('id').where('tenantId', '=', ctx.tenantId).where('objectType', '=', input.objectType).where('key', '=', input.key).executeTakeFirst();
    if (exists) throw directoryErrors.customFieldKeyTaken(input.objectType, input.key);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('customFieldDefinitions')
        .values({
          tenantId: ctx.tenantId,
          id: newId(),
          objectType: input.objectType,
          key: input.key,
          label: JSON.stringify(input.label),
          type: input.type,
          options: JSON.stringify(input.options ?? []),
          referenceType: input.referenceType ?? null,
          required: input.required ?? false,
          createdBy: ctx.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'directory.custom_field.created', aggregateType: 'custom_field', aggregateId: row.id, payload: { objectType: row.objectType, key: row.key, type: row.type } }]);
      return toCustomField(row);
    });
  }

  async function update(ctx: ActorContext, id: string, patch: { label?: Record<string, string | undefined>; options?: Array<{ value: string; label?: Record<string, string | undefined> }>; required?: boolean }, expectedVersion?: number): Promise<CustomField> {
    requireAdmin(ctx);
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('customFieldDefinitions').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw directoryErrors.customFieldNotFound(id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw directoryErrors.stale('Custom field', id, expectedVersion, current.version);
      const row = await trx
        .updateTable('customFieldDefinitions')
        .set({
          ...(patch.label ? { label: JSON.stringify(patch.label) } : {}),
          ...(patch.options ? { options: JSON.stringify(patch.options) } : {}),
          ...(patch.required !== undefined ? { required: patch.required } : {}),
          updatedAt: new Date(),
          version: current.version + 1,
        })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'directory.custom_field.updated', aggregateType: 'custom_field', aggregateId: id, payload: { changed: Object.keys(patch) } }]);
      return toCustomField(row);
    });
  }

  async function remove(ctx: ActorContext, id: string): Promise<void> {
    requireAdmin(ctx);
    await db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('customFieldDefinitions').where('tenantId', '=', ctx.tenantId).where('id', '=', id).returning(['objectType', 'key']).executeTakeFirst();
      if (!row) throw directoryErrors.customFieldNotFound(id);
      // Values stay in the records' jsonb (history is kept); they are simply no longer validated or shown.
      await appendEvents(trx, ctx, [{ type: 'directory.custom_field.deleted', aggregateType: 'custom_field', aggregateId: id, payload: row }]);
    });
  }

  return { list, create, update, remove };
}

export type CustomFieldService = ReturnType<typeof createCustomFieldService>;

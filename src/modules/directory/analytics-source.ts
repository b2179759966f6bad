/**
 * What the analytics store reads from the directory: customers (people and organisations) with owner and region,
 * current state, by tenant — in keyset pages for a rebuild, or by id for the incremental feed — and which records
 * a user sees through shares beyond their role's owner set. Analytics never queries directory tables itself.
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import { objectAccess } from '../../kernel/access-scope.ts';
import type { ActorContext } from '../../kernel/context.ts';
import { visibleRows } from '../access/index.ts';

export type CustomerKind = 'person' | 'organisation';
export type AnalyticsCustomer = { kind: CustomerKind; id: string; name: string; ownerId: string | null; province: string | null; city: string | null; deleted: boolean };

const TABLES = { person: 'people', organisation: 'organisations' } as const;

export function createDirectoryAnalyticsSource(db: QueryExecutorProvider) {
  /** Customers of one kind after `afterId` (keyset by id), or the given ids (deleted ones flagged, so they leave). */
  async function customers(tenantId: string, kind: CustomerKind, page: { afterId?: string; limit: number } | { ids: string[] }): Promise<AnalyticsCustomer[]> {
    const table = sql.table(TABLES[kind]);
    const filter = 'ids' in page ? sql`AND id = ANY(${page.ids}::uuid[])` : sql`AND id > ${page.afterId ?? '00000000-0000-0000-0000-000000000000'}::uuid AND deleted_at IS NULL ORDER BY id LIMIT ${page.limit}`;
    const { rows } = await sql<Omit<AnalyticsCustomer, 'kind'>>`
      SELECT id, name, owner_id, province, city, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE tenant_id = ${tenantId} ${filter}`.execute(db);
    return rows.map((row) => ({ ...row, kind }));
  }

  /**
   * Ids the actor may read only through a share (outside the owner set of their role), so that analytics can count
   * shared customers too. Empty when the role already reaches every record.
   */
  async function sharedOutsideOwners(ctx: ActorContext, kind: CustomerKind): Promise<string[]> {
    if (!ctx.scope) return [];
    const set = objectAccess(ctx.scope, kind).read;
    if (set.kind === 'all') return [];
    const table = sql.table(TABLES[kind]);
    const outside = set.kind === 'some' ? sql`AND (t.owner_id IS NULL OR NOT t.owner_id = ANY(${set.owners}::uuid[]))` : sql``;
    // Qualified columns: inside the share lookup a bare "id" would be the share's own id.
    const { rows } = await sql<{ id: string }>`
      SELECT t.id FROM ${table} t WHERE t.tenant_id = ${ctx.tenantId} AND t.deleted_at IS NULL ${outside}
        AND ${visibleRows(ctx, kind, { id: 't.id', owner: 't.owner_id' })}`.execute(db);
    return rows.map((row) => row.id);
  }

  return { customers, sharedOutsideOwners };
}

export type DirectoryAnalyticsSource = ReturnType<typeof createDirectoryAnalyticsSource>;

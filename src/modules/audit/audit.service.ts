/** The audit trail: search over the sealed outbox, sensitive-read records, sealing and verification. */
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chainHead, checkAnchors, formatAnchor, sealPending, verifyChain, type Anchor, type VerifyReport } from './chain.ts';
import type { AuditEntry, AuditQuery } from './audit.schema.ts';

type EventRow = {
  id: string;
  seq: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  requestId: string | null;
  ip: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
  chainPos: string | null;
  hash: string | null;
};

export function createAuditService(db: Kysely<Record<never, never>>) {
  async function search(ctx: ActorContext, query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    if (ctx.scope && !ctx.scope.isAdmin) throw new AppError('forbidden', 'AUDIT.ADMIN_ONLY', 'Only an administrator may read the audit trail');
    const conditions = [sql`tenant_id = ${ctx.tenantId}`];
    if (query.actorId) conditions.push(sql`actor_id = ${query.actorId}`);
    if (query.objectType) conditions.push(sql`aggregate_type = ${query.objectType}`);
    if (query.objectId) conditions.push(sql`aggregate_id = ${query.objectId}`);
    if (query.type) conditions.push(sql`type LIKE ${`${query.type.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (query.from) conditions.push(sql`occurred_at >= ${new Date(query.from)}`);
    if (query.to) conditions.push(sql`occurred_at < ${new Date(query.to)}`);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (typeof cursor.value !== 'string' || !/^\d{1,19}$/.test(cursor.value)) throw new AppError('invalid', 'REQUEST.BAD_CURSOR', 'cursor: not a cursor this API produced', { field: 'cursor' });
      conditions.push(sql`seq < ${cursor.value}::bigint`);
    }
    const { rows } = await sql<EventRow>`
      SELECT id, seq, type, aggregate_type, aggregate_id, actor_id, request_id, ip, payload, occurred_at, chain_pos, hash
      FROM events WHERE ${sql.join(conditions, sql` AND `)} ORDER BY seq DESC LIMIT ${query.limit + 1}`.execute(db);
    const items = rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      type: row.type,
      objectType: row.aggregateType,
      objectId: row.aggregateId,
      actorId: row.actorId,
      requestId: row.requestId,
      ip: row.ip,
      occurredAt: iso(row.occurredAt),
      details: row.payload,
      sealed: row.chainPos !== null,
      chainPosition: row.chainPos,
    }));
    const last = rows[query.limit - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.seq, id: last.id }) : null };
  }

  /** Records a read of sensitive data (an export, an unmasked view, a bulk download). */
  async function recordSensitiveRead(ctx: ActorContext, what: { objectType: string; objectId: string; kind: string; details?: Record<string, unknown> }): Promise<void> {
    await appendEvents(db, ctx, [{ type: `audit.read.${what.kind}`, aggregateType: what.objectType, aggregateId: what.objectId, payload: what.details ?? {} }]);
  }

  /**
   * Runs the sealer every `intervalMs` until stopped. With `anchorFile`, every run that sealed something appends the
   * new head as an anchor line there — outside the database, so removing the newest entries from the database
   * alone is caught by `guanxi audit verify` (which reads that file).
   */
  function startSealing(intervalMs: number, onError: (error: unknown) => void, anchorFile?: string): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const run = async () => {
      const sealed = await sealPending(db);
      if (sealed > 0 && anchorFile) {
        const head = await chainHead(db);
        if (!head) return;
        await mkdir(dirname(anchorFile), { recursive: true });
        await appendFile(anchorFile, `${new Date().toISOString()} ${formatAnchor(head)}\n`, { mode: 0o600 });
      }
    };
    const timer = setInterval(() => {
      running = running.then(run).catch(onError);
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /** Seals what is pending and returns the head to keep elsewhere (null: nothing was ever written). */
  async function anchor(): Promise<Anchor | null> {
    await sealPending(db);
    return chainHead(db);
  }

  /** Verifies the chain, then that it still agrees with every anchor given (truncation, rewrite from the start). */
  async function verify(onProgress?: (n: number) => void, anchors: Anchor[] = []): Promise<VerifyReport> {
    const report = await verifyChain(db, onProgress);
    if (!report.ok || anchors.length === 0) return report;
    const problem = await checkAnchors(db, anchors);
    return problem ? { ...report, ok: false, problem } : report;
  }

  return { search, recordSensitiveRead, seal: () => sealPending(db), verify, anchor, startSealing };
}

export type AuditService = ReturnType<typeof createAuditService>;

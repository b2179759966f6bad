/** The outbox writer: every module appends its events through this, inside the transaction of the change. */
import { sql, type QueryExecutorProvider } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { copyInto } from '../db/copy.ts';

export type EventsTable = {
  tenantId: string;
  id: string;
  seq: never; // generated
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  requestId: string | null;
  payload: unknown;
  occurredAt: never; // defaulted
};

export type OutboxTables = { events: EventsTable };

export type DomainEvent = {
  /** `module.aggregate.verb`, e.g. `directory.person.created` */
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
};

const COPY_FROM = 100;

/** The caller decides the transaction (any Kysely handle or transaction); the outbox only adds rows to it. */
export async function appendEvents(trx: QueryExecutorProvider, ctx: ActorContext, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (events.length >= COPY_FROM) {
    // Imports append thousands at once: COPY, rather than 9 placeholders per event (and at most 65,535 per statement).
    const rows = events.map((event) => [ctx.tenantId, newId(), event.type, event.aggregateType, event.aggregateId, ctx.userId ?? null, ctx.requestId ?? null, ctx.ip ?? null, JSON.stringify(event.payload)]);
    await copyInto('events', ['tenant_id', 'id', 'type', 'aggregate_type', 'aggregate_id', 'actor_id', 'request_id', 'ip', 'payload'], rows).execute(trx);
    return;
  }
  const rows = events.map(
    (event) =>
      sql`(${ctx.tenantId}, ${newId()}, ${event.type}, ${event.aggregateType}, ${event.aggregateId}, ${ctx.userId ?? null}, ${ctx.requestId ?? null}, ${ctx.ip ?? null}, ${JSON.stringify(event.payload)}::jsonb)`,
  );
  await sql`INSERT INTO events (tenant_id, id, type, aggregate_type, aggregate_id, actor_id, request_id, ip, payload) VALUES ${sql.join(rows)}`.execute(trx);
}

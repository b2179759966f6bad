/**
 * The timeline projection: every outbox event about a person or an organisation becomes one row per customer.
 * An event names its customers either by being about one (aggregate person/organisation, from directory) or by
 * `payload.subjects: [{ type, id }]` (every other module). `payload.summary` is the line people read, and
 * `payload.occurredAt` the business time when it differs from the write time (an interaction logged later).
 */
import type { Transaction } from 'kysely';
import type { OutboxEvent } from '../../platform/events/consumer.ts';
import type { EngagementTables } from './engagement.tables.ts';

type Entry = { subjectType: 'person' | 'organisation'; subjectId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DATA = 4000;

export function subjectsOfEvent(event: OutboxEvent): Entry[] {
  const found = new Map<string, Entry>();
  if (event.aggregateType === 'person' || event.aggregateType === 'organisation') found.set(event.aggregateId, { subjectType: event.aggregateType, subjectId: event.aggregateId });
  const subjects = event.payload.subjects;
  if (Array.isArray(subjects)) {
    for (const subject of subjects as Array<{ type?: unknown; id?: unknown }>) {
      if ((subject.type === 'person' || subject.type === 'organisation') && typeof subject.id === 'string' && UUID.test(subject.id)) found.set(subject.id, { subjectType: subject.type, subjectId: subject.id });
    }
  }
  return [...found.values()];
}

function summaryOf(event: OutboxEvent): string {
  if (typeof event.payload.summary === 'string' && event.payload.summary) return event.payload.summary.slice(0, 500);
  const verb = event.type.split('.').pop() ?? event.type;
  const changes = event.payload.changes;
  const fields = changes && typeof changes === 'object' ? Object.keys(changes) : [];
  return `${event.aggregateType} ${verb}${fields.length ? ` (${fields.join(', ')})` : ''}`;
}

function occurredAtOf(event: OutboxEvent): Date {
  const text = event.payload.occurredAt;
  const at = typeof text === 'string' ? new Date(text) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : new Date(event.occurredAt);
}

/** Idempotent: re-handling an event (after a gap in seq) inserts nothing twice. */
export async function projectTimeline(trx: Transaction<Record<never, never>>, events: OutboxEvent[]): Promise<void> {
  const rows = events.flatMap((event) => {
    const subjects = subjectsOfEvent(event);
    if (subjects.length === 0) return [];
    const { subjects: _subjects, summary: _summary, ...rest } = event.payload;
    const data = JSON.stringify(rest);
    return subjects.map((subject) => ({
      tenantId: event.tenantId,
      subjectId: subject.subjectId,
      eventId: event.id,
      subjectType: subject.subjectType,
      seq: event.seq,
      kind: event.aggregateType,
      eventType: event.type,
      aggregateId: event.aggregateId,
      occurredAt: occurredAtOf(event),
      summary: summaryOf(event),
      actorId: event.actorId,
      data: data.length <= MAX_DATA ? data : '{}',
    }));
  });
  const db = trx.withTables<EngagementTables>();
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('timelineEntries').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
}

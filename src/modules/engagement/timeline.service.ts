/** The customer timeline: read the projection (newest first, keyset pages) and keep it caught up. */
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso } from '../../kernel/time.ts';
import { createConsumer } from '../../platform/events/consumer.ts';
import { referenceChecks, type EngagementDb, type EngagementDeps } from './engagement.deps.ts';
import { engagementErrors } from './engagement.errors.ts';
import { projectTimeline } from './timeline.projection.ts';
import type { TimelineEntry, TimelineQuery } from './timeline.schema.ts';

export const TIMELINE_CONSUMER = 'engagement.timeline';

export function createTimelineService(deps: EngagementDeps, db: EngagementDb) {
  const consumer = createConsumer(deps.db, { name: TIMELINE_CONSUMER, handle: projectTimeline });
  const check = referenceChecks(deps);

  async function page(ctx: ActorContext, subjectType: 'person' | 'organisation', subjectId: string, query: TimelineQuery): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
    if ((await check.subjectType(ctx, subjectId)) !== subjectType) throw engagementErrors.subjectNotFound(subjectId);
    // Read-your-writes: whatever the caller just did is on the page it asks for next.
    await consumer.catchUp();
    let select = db
      .selectFrom('timelineEntries')
      .select(['eventId', 'subjectType', 'subjectId', 'kind', 'eventType', 'aggregateId', 'occurredAt', 'summary', 'actorId', 'data', 'seq'])
      .where('tenantId', '=', ctx.tenantId)
      .where('subjectId', '=', subjectId);
    if (query.kind?.length) select = select.where('kind', 'in', query.kind);
    if (query.from) select = select.where('occurredAt', '>=', new Date(`${query.from}T00:00:00Z`));
    if (query.to) select = select.where('occurredAt', '<', new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000));
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      const [at, seq] = String(cursor.value).split('|');
      const when = new Date(at ?? '');
      if (Number.isNaN(when.getTime()) || !/^\d{1,19}$/.test(seq ?? '')) throw engagementErrors.invalid('cursor', 'not a cursor this API produced');
      select = select.where(sql<boolean>`(occurred_at, seq) < (${when}, ${seq}::bigint)`);
    }
    const rows = await select.orderBy('occurredAt', 'desc').orderBy('seq', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(({ seq: _seq, ...row }) => ({ ...row, subjectType: row.subjectType as TimelineEntry['subjectType'], occurredAt: iso(row.occurredAt) }));
    const last = rows[query.limit - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: `${iso(last.occurredAt)}|${last.seq}`, id: last.eventId }) : null };
  }

  return {
    page,
    /** Projects every event not yet on the timeline; tests await it for deterministic reads. */
    catchUp: () => consumer.catchUp(),
    startPolling: consumer.startPolling,
  };
}

/**
 * The customers of one RFM segment the caller may see, highest monetary first, a page at a time (keyset on
 * monetary and customer id), with their scores, value tier, CLV and the segment they were in a period earlier.
 */
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { RfmSegment } from '../models/rfm.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';
import type { SegmentCustomers, SegmentCustomersQuery } from './analytics.schema.ts';

export async function segmentCustomersOf(db: StoreConnection, tenantId: string, visible: string, asOf: string, segment: RfmSegment, query: SegmentCustomersQuery): Promise<Omit<SegmentCustomers, 'derivedAt' | 'currency'>> {
  const t = lit(tenantId);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (after && typeof after.value !== 'number') throw new AppError('invalid', 'REQUEST.BAD_CURSOR', 'cursor: not a cursor of this list', { field: 'cursor' });
  const page = after ? `AND (s.monetary < ${Number(after.value)} OR (s.monetary = ${Number(after.value)} AND s.customer_id > ${lit(after.id)}))` : '';
  // The previous period of the chosen granularity: the one before the latest in the history.
  const previous = `(SELECT DISTINCT period_start FROM rfm_history WHERE tenant_id = ${t} AND period = '${query.period}' ORDER BY period_start DESC LIMIT 1 OFFSET 1)`;
  const rows = await db.all(`SELECT s.customer_id, c.kind, c.name, c.owner_id, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, s.tier, s.clv, h.segment AS previous_segment
    FROM customer_scores s JOIN customers c ON c.tenant_id = s.tenant_id AND c.customer_id = s.customer_id
      LEFT JOIN rfm_history h ON h.tenant_id = s.tenant_id AND h.customer_id = s.customer_id AND h.period = '${query.period}' AND h.period_start = ${previous}
    WHERE s.tenant_id = ${t} AND s.segment = ${lit(segment)} AND ${visible} ${page}
    ORDER BY s.monetary DESC, s.customer_id LIMIT ${query.limit + 1}`);
  const items = rows.slice(0, query.limit).map((r) => ({
    customerId: String(r.customer_id),
    kind: r.kind === 'organisation' ? ('organisation' as const) : ('person' as const),
    name: String(r.name),
    ownerId: r.owner_id === null ? null : String(r.owner_id),
    recencyDays: Number(r.recency_days),
    frequency: Number(r.frequency),
    monetary: Number(r.monetary),
    r: Number(r.r),
    f: Number(r.f),
    m: Number(r.m),
    previousSegment: (r.previous_segment ?? null) as RfmSegment | null,
    tier: r.tier as SegmentCustomers['items'][number]['tier'],
    clv: r.clv === null ? null : Number(r.clv),
  }));
  const last = items.at(-1);
  return { segment, asOf, period: query.period, items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.monetary, id: last.customerId }) : null };
}

/**
 * The outbox consumer runner. A consumer reads `events` in `seq` order after its position in `event_consumers`,
 * in batches, and hands each batch to its handler INSIDE the same transaction that moves its position — so a
 * projection and its position never disagree (exactly-once effect, even with several server processes: the
 * consumer's row is locked for the batch).
 *
 * Gaps: `seq` is taken when a transaction inserts, but a slower transaction can commit a lower seq after a
 * higher one is visible. The position therefore only moves over a gap once the gap is older than `gapGraceMs`
 * (a rolled-back transaction leaves a gap for ever); events after a young gap are handled again on the next run,
 * which is why handlers must be idempotent (insert … on conflict do nothing).
 */
import { sql, type Kysely, type Transaction } from 'kysely';

export type OutboxEvent = {
  tenantId: string;
  id: string;
  seq: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  requestId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
};

export type EventHandler = (trx: Transaction<Record<never, never>>, events: OutboxEvent[]) => Promise<void>;

export type ConsumerOptions = {
  name: string;
  handle: EventHandler;
  batchSize?: number;
  /** How long a gap in seq may stay open before it is taken for a rolled-back transaction. */
  gapGraceMs?: number;
};

export type Consumer = {
  /** Runs batches until nothing new is left; waits for another runner holding the lock. Returns events handled. */
  catchUp(): Promise<number>;
  /** One batch, skipped (0) if another runner holds the lock — for pollers. */
  tick(): Promise<number>;
  /** Starts polling every `intervalMs`; returns a stop function that waits for a running batch. */
  startPolling(intervalMs: number, onError?: (error: unknown) => void): () => Promise<void>;
};

type Row = Omit<OutboxEvent, 'seq'> & { seq: string };

export function createConsumer(db: Kysely<Record<never, never>>, options: ConsumerOptions): Consumer {
  const batchSize = options.batchSize ?? 500;
  const gapGraceMs = options.gapGraceMs ?? 10_000;

  /** One batch: returns the number of events handled and whether the position reached the last event read. */
  async function batch(skipLocked: boolean, after = 0): Promise<{ handled: number; lastRead: number; full: boolean }> {
    return db.transaction().execute(async (trx) => {
      await sql`INSERT INTO event_consumers (name) VALUES (${options.name}) ON CONFLICT (name) DO NOTHING`.execute(trx);
      const lock = skipLocked ? sql`FOR UPDATE SKIP LOCKED` : sql`FOR UPDATE`;
      const position = await sql<{ lastSeq: string }>`SELECT last_seq FROM event_consumers WHERE name = ${options.name} ${lock}`.execute(trx);
      const current = position.rows[0];
      if (!current) return { handled: 0, lastRead: after, full: false };
      const lastSeq = Number(current.lastSeq);
      const from = Math.max(lastSeq, after);
      const { rows } = await sql<Row & { young: boolean }>`
        SELECT tenant_id, id, seq, type, aggregate_type, aggregate_id, actor_id, request_id, payload, occurred_at,
               occurred_at > clock_timestamp() - make_interval(secs => ${gapGraceMs / 1000}) AS young
        FROM events WHERE seq > ${from} ORDER BY seq LIMIT ${batchSize}`.execute(trx);
      if (rows.length === 0) return { handled: 0, lastRead: from, full: false };
      const events = rows.map(({ young: _young, ...row }) => ({ ...row, seq: Number(row.seq) }));
      await options.handle(trx, events);
      // Advance over contiguous seqs, and over a gap only when the event after it is old enough.
      let next = lastSeq;
      for (const row of from === lastSeq ? rows : []) {
        const seq = Number(row.seq);
        if (seq !== next + 1 && row.young) break;
        next = seq;
      }
      if (next !== lastSeq) await sql`UPDATE event_consumers SET last_seq = ${next}, updated_at = now() WHERE name = ${options.name}`.execute(trx);
      return { handled: events.length, lastRead: Number(rows[rows.length - 1]?.seq ?? from), full: rows.length === batchSize };
    });
  }

  async function catchUp(): Promise<number> {
    // Past a young gap the position stays put, so keep reading from where this run got to.
    let total = 0;
    let after = 0;
    for (;;) {
      const { handled, lastRead, full } = await batch(false, after);
      total += handled;
      if (!full) return total;
      after = lastRead;
    }
  }

  function startPolling(intervalMs: number, onError?: (error: unknown) => void) {
    let running: Promise<unknown> = Promise.resolve();
    let stopped = false;
    const timer = setInterval(() => {
      if (stopped) return;
      running = running.then(async () => (stopped ? undefined : batch(true))).catch((error: unknown) => onError?.(error));
    }, intervalMs);
    timer.unref();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  }

  return { catchUp, tick: async () => (await batch(true)).handled, startPolling };
}

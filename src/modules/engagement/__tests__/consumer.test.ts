import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { createConsumer, type OutboxEvent } from '../../../platform/events/consumer.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const TENANT = '00000000-0000-7000-8000-000000000001';
const insert = (type: string, occurredAt = sql`now()`) =>
  sql`INSERT INTO events (tenant_id, id, type, aggregate_type, aggregate_id, payload, occurred_at) VALUES (${TENANT}, gen_random_uuid(), ${type}, 'test', gen_random_uuid(), '{}', ${occurredAt})`.execute(t.database.db);
const position = async (name: string) => Number((await sql<{ lastSeq: string }>`SELECT last_seq FROM event_consumers WHERE name = ${name}`.execute(t.database.db)).rows[0]?.lastSeq);
const maxSeq = async () => Number((await sql<{ m: string }>`SELECT max(seq) AS m FROM events`.execute(t.database.db)).rows[0]?.m ?? 0);

describe('outbox consumer', () => {
  it('reads in batches, handles every event once in effect, and waits at a young gap before moving over it', async () => {
    const seen = new Map<string, number>();
    const consumer = createConsumer(t.database.db, {
      name: 'test.consumer',
      batchSize: 2,
      handle: async (_trx, events: OutboxEvent[]) => {
        for (const event of events) if (event.type.startsWith('t.')) seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
      },
    });
    await consumer.catchUp();
    const start = await maxSeq();
    await insert('t.a');
    await insert('t.b');
    await insert('t.c');
    // A rolled-back transaction leaves a hole in seq.
    await t.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO events (tenant_id, id, type, aggregate_type, aggregate_id, payload) VALUES (${TENANT}, gen_random_uuid(), 't.lost', 'test', gen_random_uuid(), '{}')`.execute(trx);
      throw new Error('rollback');
    }).catch(() => undefined);
    await insert('t.d');
    await consumer.catchUp();
    expect(seen.size).toBe(4); // a, b, c and d were all handled, across batches of two
    const gapAt = await position('test.consumer');
    expect(gapAt).toBe(start + 3); // stopped before the young gap
    await consumer.catchUp();
    expect(await position('test.consumer')).toBe(gapAt);
    // Once the event after the gap is old enough, the gap is taken for a rollback and passed.
    await sql`UPDATE events SET occurred_at = now() - interval '1 hour' WHERE type = 't.d'`.execute(t.database.db);
    await consumer.catchUp();
    expect(await position('test.consumer')).toBe(await maxSeq());
    expect(await consumer.catchUp()).toBe(0);
  });
});

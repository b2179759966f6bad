import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';
import { newId } from '../../../kernel/ids.ts';
import { appendEvents, type DomainEvent } from '../outbox.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.drop());

const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: 'req\t1\\', ip: '10.0.0.1' };
const awkward = (i: number): DomainEvent => ({ type: 'test.thing.happened', aggregateType: 'thing', aggregateId: newId(), payload: { i, text: `tab\there\nnew "q" \\N \\ 𠮷 ${i}`, nested: { list: [null, true, 1.5] } } });

type Row = { aggregateId: string; payload: unknown; requestId: string; ip: string; actorId: string | null; type: string };
const stored = async (ids: string[]) =>
  (await sql<Row>`SELECT aggregate_id, payload, request_id, ip, actor_id, type FROM events WHERE aggregate_id = ANY(${ids}::uuid[]) ORDER BY seq`.execute(test.database.db)).rows;

describe('appendEvents', () => {
  it('stores many events (COPY) exactly as a few (VALUES): same columns, payloads unchanged, in the given order', async () => {
    const few = Array.from({ length: 3 }, (_, i) => awkward(i));
    const many = Array.from({ length: 250 }, (_, i) => awkward(i));
    await test.database.db.transaction().execute(async (trx) => {
      await appendEvents(trx, ctx, few);
      await appendEvents(trx, ctx, many);
    });
    const expected = (events: DomainEvent[]) => events.map((e) => ({ aggregateId: e.aggregateId, payload: e.payload, requestId: 'req\t1\\', ip: '10.0.0.1', actorId: null, type: 'test.thing.happened' }));
    expect(await stored(few.map((e) => e.aggregateId))).toEqual(expected(few));
    expect(await stored(many.map((e) => e.aggregateId))).toEqual(expected(many));
  });

  it('goes with the caller transaction when it rolls back', async () => {
    const many = Array.from({ length: 120 }, (_, i) => awkward(i));
    await expect(test.database.db.transaction().execute(async (trx) => {
      await appendEvents(trx, ctx, many);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await stored(many.map((e) => e.aggregateId))).toEqual([]);
  });
});

/**
 * people.createMany (imports) sends the people as one JSON document and their search terms by COPY: values that
 * need quoting there (quotes, backslashes, braces, commas, tabs, the word NULL, \\N) must arrive unchanged, the people
 * must be findable at once, and the created events must carry exactly what a read returns.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../kernel/ids.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('people.createMany', () => {
  it('stores awkward values unchanged, writes search terms and one created event per person with the stored record', async () => {
    const awkward = { id: newId(), input: { name: 'O"Brien {NULL}, \\x', notes: 'NULL', tags: ['a,b', '{c}', 'a,b'], relationshipTypes: ['customer' as const], wechatId: 'we"chat\\1', birthday: '1990-02-03', gender: 'female' as const, source: 'import' } };
    const plain = { id: newId(), input: { name: '欧阳娜娜', phones: [{ number: '139 1234 5678' }], emails: [{ address: 'Nana@Example.com' }], addresses: [{ raw: '上海市浦东新区世纪大道100号' }] } };
    const refused = { id: newId(), input: { name: '坏号码', phones: [{ number: '12' }] } };
    const failures = await t.services.directory.people.createMany(t.ctx, [awkward, plain, refused]);
    expect([...failures.keys()]).toEqual([refused.id]);

    const stored = await t.services.directory.people.get(t.ctx, awkward.id);
    expect(stored).toMatchObject({ name: 'O"Brien {NULL}, \\x', notes: 'NULL', tags: ['a,b', '{c}'], relationshipTypes: ['customer'], wechatId: 'we"chat\\1', birthday: '1990-02-03', gender: 'female', ownerId: t.admin.id, version: 1 });
    const nana = await t.services.directory.people.get(t.ctx, plain.id);
    expect(nana).toMatchObject({ birthday: null, gender: null, namePinyin: 'ouyangnana' });
    expect(nana.phones[0]?.e164).toBe('+8613912345678');

    // The event payload is what a read returns (no read-back after the insert: it is built from what was written).
    const { rows } = await sql<{ aggregateId: string; payload: { person: Record<string, unknown> } }>`
      SELECT aggregate_id, payload FROM events WHERE type = 'directory.person.created' AND aggregate_id = ANY(${[awkward.id, plain.id, refused.id]}::uuid[])`.execute(t.database.db);
    expect(rows.map((r) => r.aggregateId).sort()).toEqual([awkward.id, plain.id].sort());
    for (const row of rows) {
      const { restrictedFields: _r, ...read } = await t.services.directory.people.get(t.ctx, row.aggregateId);
      expect(row.payload.person).toEqual(JSON.parse(JSON.stringify(read)));
    }

    for (const q of ['ouyang', '5678', 'nana@example.com', '娜娜']) {
      const found = (await t.call({ method: 'GET', url: `/api/v1/people/search?q=${encodeURIComponent(q)}` })).json() as { items: Array<{ id: string }> };
      expect(found.items.map((p) => p.id), q).toContain(plain.id);
    }
    const byWechat = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_terms WHERE entity_id = ${awkward.id} AND field = 'wechat' AND term = 'we"chat\\1'`.execute(t.database.db);
    expect(byWechat.rows[0]?.n).toBe(1);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM people WHERE id = ${refused.id}`.execute(t.database.db)).rows[0]?.n).toBe(0);
  });

  it('joins the caller transaction: people, search terms and events go or stay with it', async () => {
    const count = async (query: string, id: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(query)} = ${id}`.execute(t.database.db)).rows[0]?.n ?? 0;
    const dropped = { id: newId(), input: { name: '回滚 \\t \\N \t tab', phones: [{ number: '139 8765 4321' }] } };
    await expect(t.database.db.transaction().execute(async (trx) => {
      await t.services.directory.people.createMany(t.ctx, [dropped], trx);
      const inside = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_terms WHERE entity_id = ${dropped.id}`.execute(trx);
      expect(inside.rows[0]?.n).toBeGreaterThan(3); // written on the caller's connection
      throw new Error('caller gives up');
    })).rejects.toThrow('caller gives up');
    expect(await count('people WHERE id', dropped.id)).toBe(0);
    expect(await count('search_terms WHERE entity_id', dropped.id)).toBe(0);
    expect(await count('events WHERE aggregate_id', dropped.id)).toBe(0);

    const kept = { id: newId(), input: { name: '留下 \\t \\N \t tab', phones: [{ number: '139 8765 4321' }] } };
    await t.database.db.transaction().execute(async (trx) => {
      await t.services.directory.people.createMany(t.ctx, [kept], trx);
    });
    expect((await t.services.directory.people.get(t.ctx, kept.id)).name).toBe('留下 \\t \\N \t tab');
    expect(await count('events WHERE aggregate_id', kept.id)).toBe(1);
    const found = (await t.call({ method: 'GET', url: `/api/v1/people/search?q=${encodeURIComponent('留下')}` })).json() as { items: Array<{ id: string }> };
    expect(found.items.map((p) => p.id)).toContain(kept.id);
  });
});

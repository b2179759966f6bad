import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function countEvents(type: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE type = ${type}`.execute(t.database.db);
  return rows[0]?.n ?? 0;
}

async function createPerson(body: Record<string, unknown>) {
  const response = await t.call({ method: 'POST', url: '/api/v1/people', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; [key: string]: unknown };
}

describe('people', () => {
  it('creates a person with a Chinese name, phones in E.164 and pinyin, and writes the event with it', async () => {
    const before = await countEvents('directory.person.created');
    const response = await t.call({
      method: 'POST',
      url: '/api/v1/people',
      payload: {
        name: '张伟',
        gender: 'male',
        birthday: '1985-06-15',
        phones: [{ number: '138 0013 8000', label: 'mobile' }, { number: '(010) 6552-9988', label: 'home' }],
        emails: [{ address: ' Zhang.Wei@Example.COM ' }],
        addresses: [{ province: '北京市', city: '北京市', district: '朝阳区', street: '建国路', detail: '88号', raw: '北京市朝阳区建国路88号' }],
        relationshipTypes: ['customer'],
        tags: ['VIP'],
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toMatch(/^\/api\/v1\/people\/[0-9a-f-]{36}$/);
    const person = response.json();
    expect(person).toMatchObject({ name: '张伟', namePinyin: 'zhangwei', nameInitials: 'zw', version: 1 });
    expect(person.phones[0]).toEqual({ e164: '+8613800138000', original: '138 0013 8000', kind: 'mobile', label: 'mobile' });
    expect(person.phones[1]).toMatchObject({ e164: '+861065529988', kind: 'landline' });
    expect(person.emails[0].address).toBe('zhang.wei@example.com');
    expect(person.ownerId).toBe(t.admin.id);
    expect(await countEvents('directory.person.created')).toBe(before + 1);
  });

  it('refuses an unreadable phone with 400 naming it, and writes nothing', async () => {
    const people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(t.database.db);
    const events = await countEvents('directory.person.created');
    const response = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '李娜', phones: [{ number: '12' }] } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toMatch(/^phones\.0\.number/);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(t.database.db);
    expect(after.rows[0]?.n).toBe(people.rows[0]?.n);
    expect(await countEvents('directory.person.created')).toBe(events);
  });

  it('refuses impossible dates and an owner who is not a user', async () => {
    const date = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '王芳', birthday: '2023-02-30' } });
    expect(date.statusCode).toBe(400);
    expect(errorOf(date).message).toMatch(/birthday/);
    const owner = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '王芳', ownerId: '01900000-0000-7000-8000-000000000000' } });
    expect(owner.statusCode).toBe(400);
    expect(errorOf(owner).code).toBe('DIRECTORY.BAD_REFERENCE');
  });

  describe('search', () => {
    beforeAll(async () => {
      await createPerson({ name: '張偉明', phones: [{ number: '+86 139-1234-5678' }] });
      await createPerson({ name: '欧阳娜娜', emails: [{ address: 'nana@example.cn' }] });
      await createPerson({ name: 'Wei Zhang', phones: [{ number: '+1 415 555 2671' }] });
      await createPerson({ name: '曾小明' });
    });

    const names = async (q: string) => {
      const response = await t.call({ method: 'GET', url: `/api/v1/people/search?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as Array<{ name: string }>).map((p) => p.name);
    };

    it('finds 张伟 by pinyin initials and full pinyin, exact match first', async () => {
      expect((await names('zw'))[0]).toBe('张伟');
      expect(await names('zw')).toContain('張偉明');
      expect((await names('zhangwei'))[0]).toBe('张伟');
      expect(await names('zhang wei')).toContain('张伟');
    });

    it('finds simplified names from traditional input and the other way round', async () => {
      expect((await names('張偉'))[0]).toBe('张伟');
      expect(await names('张伟明')).toEqual(['張偉明']);
    });

    it('finds by any part of the name, romanised order and surname readings', async () => {
      expect(await names('娜娜')).toEqual(['欧阳娜娜']);
      expect(await names('ouyang')).toEqual(['欧阳娜娜']);
      expect(await names('weizhang')).toEqual(expect.arrayContaining(['Wei Zhang', '张伟']));
      expect(await names('zengxiaoming')).toEqual(['曾小明']);
    });

    it('finds by phone digits written any way, and by e-mail', async () => {
      expect(await names('13912345678')).toEqual(['張偉明']);
      expect(await names('139-1234-5678')).toEqual(['張偉明']);
      expect(await names('+8613912345678')).toEqual(['張偉明']);
      expect(await names('5678')).toContain('張偉明');
      expect(await names('010 6552 9988')).toEqual(['张伟']);
      expect(await names('nana@example.cn')).toEqual(['欧阳娜娜']);
    });

    it('treats LIKE wildcards literally', async () => {
      expect(await names('%')).toEqual([]);
      expect(await names('_')).toEqual([]);
    });

    it('filters the list with q as well', async () => {
      const response = await t.call({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent('張偉')}` });
      expect((response.json().items as Array<{ name: string }>).map((p) => p.name).sort()).toEqual(['张伟', '張偉明'].sort());
    });
  });

  describe('optimistic concurrency, delete and restore', () => {
    it('answers 412 to a stale If-Match and keeps the newer edit', async () => {
      const person = await createPerson({ name: '陈静' });
      const first = await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, headers: { 'if-match': '"1"' }, payload: { notes: '第一次修改' } });
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).toBe('"2"');
      const stale = await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, headers: { 'if-match': '"1"' }, payload: { notes: '过期的修改' } });
      expect(stale.statusCode).toBe(412);
      expect(errorOf(stale).details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
      const now = await t.call({ method: 'GET', url: `/api/v1/people/${person.id}` });
      expect(now.json().notes).toBe('第一次修改');
      const badHeader = await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, headers: { 'if-match': 'banana' }, payload: { notes: 'x' } });
      expect(badHeader.statusCode).toBe(400);
    });

    it('records what changed, before and after, in the update event', async () => {
      const person = await createPerson({ name: '刘洋', tags: ['a'] });
      await t.call({ method: 'PATCH', url: `/api/v1/people/${person.id}`, payload: { name: '劉洋', tags: ['a', 'b'] } });
      const { rows } = await sql<{ payload: { changes: Record<string, { before: unknown; after: unknown }> } }>`SELECT payload FROM events WHERE aggregate_id = ${person.id} AND type = 'directory.person.updated'`.execute(t.database.db);
      expect(rows[0]?.payload.changes.name).toEqual({ before: '刘洋', after: '劉洋' });
      expect(rows[0]?.payload.changes.tags).toEqual({ before: ['a'], after: ['a', 'b'] });
    });

    it('hides a deleted person (404) and brings it back on restore, search included', async () => {
      const person = await createPerson({ name: '赵敏敏' });
      expect((await t.call({ method: 'DELETE', url: `/api/v1/people/${person.id}` })).statusCode).toBe(204);
      expect((await t.call({ method: 'GET', url: `/api/v1/people/${person.id}` })).statusCode).toBe(404);
      expect((await t.call({ method: 'GET', url: '/api/v1/people/search?q=zhaominmin' })).json().items).toEqual([]);
      expect((await t.call({ method: 'DELETE', url: `/api/v1/people/${person.id}` })).statusCode).toBe(404);
      const restored = await t.call({ method: 'POST', url: `/api/v1/people/${person.id}/restore` });
      expect(restored.statusCode).toBe(200);
      expect((await t.call({ method: 'GET', url: '/api/v1/people/search?q=zhaominmin' })).json().items).toHaveLength(1);
    });
  });

  describe('lists', () => {
    it('walks every page of a sorted list exactly once', async () => {
      for (let i = 0; i < 12; i++) await createPerson({ name: `测试${String.fromCharCode(0x4e00 + i * 7)}`, tags: ['page-walk'], birthday: i % 3 === 0 ? null : `19${70 + i}-01-01` });
      for (const sort of ['name', '-name', 'birthday', '-birthday', '-createdAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/people?tag=page-walk&limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          const response = await t.call({ method: 'GET', url });
          expect(response.statusCode, response.body).toBe(200);
          const page = response.json() as { items: Array<{ id: string }>; nextCursor: string | null };
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(12);
        expect(new Set(seen).size).toBe(12);
      }
    });

    it('refuses a forged cursor and an unknown sort with 400', async () => {
      expect((await t.call({ method: 'GET', url: '/api/v1/people?cursor=bm90LWEtY3Vyc29y' })).statusCode).toBe(400);
      expect((await t.call({ method: 'GET', url: '/api/v1/people?sort=password' })).statusCode).toBe(400);
    });

    it('filters by province, relationship type and gender', async () => {
      const response = await t.call({ method: 'GET', url: `/api/v1/people?province=${encodeURIComponent('北京市')}&relationshipType=customer&gender=male` });
      expect((response.json().items as Array<{ name: string }>).map((p) => p.name)).toEqual(['张伟']);
    });
  });
});

import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { fileOfBuffer } from '../import/people-import.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (query: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(query)}`.execute(t.database.db)).rows[0]?.n ?? 0;

function multipart(fileName: string, body: Buffer | string) {
  const boundary = '----guanxi' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (fileName: string, body: Buffer | string, query = '') => t.call({ method: 'POST', url: `/api/v1/identity/imports${query}`, ...multipart(fileName, body) });

const CSV = [
  '姓名,手机号,邮箱,联系地址,出生日期,公司,性别',
  '陈静,13911112222,chenjing@example.cn,上海市浦东新区世纪大道100号,1988-03-04,东方公司,女',
  '陳靜,139-1111-2222,,上海浦东新区世纪大道100號,1988/3/4,,女',
  '刘洋,12,,,,,',
  ',13933334444,,,,,',
  '赵磊,13955556666,zhaolei@example.cn,北京市朝阳区建国路88号,1979年12月1日,,男',
].join('\n');

describe('people import', () => {
  let existing = '';
  beforeAll(async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '赵磊', phones: [{ number: '+86 139 5555 6666' }], birthday: '1979-12-01' } });
    existing = created.json().id;
  });

  it('maps Chinese headers, matches every row, links variants and existing people, and reports rejected lines', async () => {
    const response = await upload('客户.csv', CSV, '?source=dealer:shanghai');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ rowsRead: 5, created: 1, matched: 2, skipped: 0, rejectedCount: 2, format: 'csv' });
    expect(report.rejected).toEqual([
      { line: 4, reason: expect.stringMatching(/^mobile: "12" is not a phone number/) },
      { line: 5, reason: 'name: is empty' },
    ]);
    const linked = await sql<{ personId: string; line: number; linkKind: string }>`SELECT person_id, line, link_kind FROM identity_touchpoints WHERE import_id = ${report.importId} ORDER BY line`.execute(t.database.db);
    expect(linked.rows.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(linked.rows[0]?.personId).toBe(linked.rows[1]?.personId);
    expect(linked.rows[2]).toMatchObject({ personId: existing, linkKind: 'matched' });
    const status = await t.call({ method: 'GET', url: `/api/v1/identity/imports/${report.importId}` });
    expect(status.json()).toMatchObject({ status: 'done', rowsRead: 5, created: 1, matched: 2, rejected: 2 });
  });

  it('is idempotent: the same file again adds nothing', async () => {
    const people = await count('people');
    const touchpoints = await count('identity_touchpoints');
    const again = await upload('客户.csv', CSV, '?source=dealer:shanghai');
    expect(again.json()).toMatchObject({ rowsRead: 5, created: 0, matched: 0, skipped: 3, rejectedCount: 2 });
    expect(await count('people')).toBe(people);
    expect(await count('identity_touchpoints')).toBe(touchpoints);
  });

  it('resumes after a kill: a run that died mid-file, run again, gives every row exactly once', async () => {
    const rows = ['name,mobile'];
    for (let i = 0; i < 30; i++) rows.push(`客户${String.fromCharCode(0x4e00 + i * 7)}${String.fromCharCode(0x4e00 + i * 13)},1377777${String(i).padStart(4, '0')}`);
    const content = Buffer.from(rows.join('\n'));
    const file = fileOfBuffer('kill.csv', content);
    const people = await count('people');
    // The first run dies after its third batch (as a killed process would).
    let batches = 0;
    const die = () => {
      if (++batches === 3) throw new Error('killed');
    };
    await expect(t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4, onProgress: die })).rejects.toThrow(/killed/);
    const partial = (await count('people')) - people;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(30);
    // A person planned but never created (killed between the two steps) is finished by the next run.
    await sql`UPDATE identity_touchpoints SET status = 'pending' WHERE person_id = (SELECT person_id FROM identity_touchpoints WHERE line = 2 AND touchpoint_key IN (SELECT touchpoint_key FROM identity_touchpoints t JOIN identity_imports i ON i.id = t.import_id WHERE i.file_name = 'kill.csv'))`.execute(t.database.db);
    const report = await t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4 });
    expect(report.skipped + report.created).toBe(30);
    expect(report.resumed).toBe(1);
    expect((await count('people')) - people).toBe(30);
    expect(await count(`identity_touchpoints WHERE status = 'pending'`)).toBe(0);
  });

  it('writes a batch all or nothing: killed after its people were written, the batch leaves no trace and a re-run completes it', async () => {
    const rows = ['name,mobile'];
    for (let i = 0; i < 12; i++) rows.push(`原子${String.fromCharCode(0x4e80 + i * 11)}${String.fromCharCode(0x4f00 + i * 17)},1366666${String(i).padStart(4, '0')}`);
    const file = fileOfBuffer('atomic.csv', Buffer.from(rows.join('\n')));
    const people = await count('people');
    const terms = await count('search_terms');
    const people$ = t.services.directory.people;
    const createMany = people$.createMany;
    // The second batch (lines 6–9) dies inside its transaction, after touchpoints, people, search terms and events
    // were written. Batches are written two at a time, so it is recognised by its rows, not by the order of calls.
    const secondBatchFirst = rows[5]?.split(',')[0];
    people$.createMany = async (...args) => {
      const refused = await createMany(...args);
      if (args[1].some((p) => p.input.name === secondBatchFirst)) throw new Error('killed inside the batch');
      return refused;
    };
    try {
      await expect(t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4 })).rejects.toThrow(/killed inside the batch/);
    } finally {
      people$.createMany = createMany;
    }
    const stored = await sql<{ line: number }>`SELECT t.line FROM identity_touchpoints t JOIN identity_imports i ON i.id = t.import_id WHERE i.file_name = 'atomic.csv' ORDER BY t.line`.execute(t.database.db);
    expect(stored.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]); // the first batch only
    expect((await count('people')) - people).toBe(4);
    const report = await t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4 });
    expect(report).toMatchObject({ rowsRead: 12, skipped: 4, created: 8, resumed: 0 });
    expect((await count('people')) - people).toBe(12);
    expect(await count(`identity_touchpoints WHERE status = 'pending'`)).toBe(0);
    expect(await count('search_terms')).toBeGreaterThan(terms + 12 * 5);
    // Searchable as soon as the import returns.
    const found = (await t.call({ method: 'GET', url: `/api/v1/people/search?q=${encodeURIComponent('13666660011')}` })).json() as { items: Array<{ name: string }> };
    expect(found.items.map((p) => p.name)).toEqual([rows[12]?.split(',')[0]]);
  });

  it('overlaps batches but commits them in file order: a batch whose predecessor fails is rolled back with it', async () => {
    const rows = ['name,mobile'];
    for (let i = 0; i < 12; i++) rows.push(`顺序${String.fromCharCode(0x5100 + i * 13)}${String.fromCharCode(0x5200 + i * 7)},1377777${String(i).padStart(4, '0')}`);
    const file = fileOfBuffer('order.csv', Buffer.from(rows.join('\n')));
    const people = await count('people');
    const people$ = t.services.directory.people;
    const createMany = people$.createMany;
    let calls = 0;
    let secondWritten: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondWritten = resolve));
    // The first batch fails. On PostgreSQL it first waits until the second batch has written its people in its own
    // transaction (PGlite has one connection: there the second batch runs after the first has failed).
    people$.createMany = async (...args) => {
      const call = ++calls;
      const refused = await createMany(...args);
      if (call === 2) secondWritten();
      if (call === 1) {
        if (t.database.kind === 'postgres') await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 5000))]);
        throw new Error('first batch failed');
      }
      return refused;
    };
    try {
      await expect(t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4 })).rejects.toThrow(/first batch failed/);
    } finally {
      people$.createMany = createMany;
    }
    expect(calls).toBeGreaterThanOrEqual(2); // the second batch did write, in a transaction that never committed
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_touchpoints t JOIN identity_imports i ON i.id = t.import_id WHERE i.file_name = 'order.csv'`.execute(t.database.db);
    expect(stored.rows[0]?.n).toBe(0);
    expect((await count('people')) - people).toBe(0);
    const report = await t.services.identity.importPeople(t.ctx, file, { source: 'import', batchSize: 4 });
    expect(report).toMatchObject({ rowsRead: 12, skipped: 0, created: 12 });
    expect((await count('people')) - people).toBe(12);
  });

  it('stores the same rows whether a batch goes by COPY (64 rows and more) or as one statement (fewer)', async () => {
    // Values COPY's text format must escape: a tab, a backslash, \N, a quote, a non-BMP character, a line break.
    const awkward = (i: number) => [`测试${String.fromCharCode(0x4e00 + i)}${i}`, `139${String(70000000 + i)}`, `x${i}@example.cn`, `上海市\t黄浦区\\N路${i}号 "A座" 𠀀`, '', `公司${i}\\分部\n二部`];
    const csv = (from: number, n: number) => ['name,phone,email,address,birth_date,company', ...Array.from({ length: n }, (_, k) => awkward(from + k).map((v) => `"${v.replaceAll('"', '""')}"`).join(','))].join('\n');
    const big = await t.services.identity.importPeople(t.ctx, fileOfBuffer('big.csv', Buffer.from(csv(0, 70))), { source: 'copy-path', batchSize: 1000 });
    const small = await t.services.identity.importPeople(t.ctx, fileOfBuffer('small.csv', Buffer.from(csv(100, 3))), { source: 'insert-path', batchSize: 1000 });
    expect(big).toMatchObject({ rowsRead: 70, created: 70, rejectedCount: 0 });
    expect(small).toMatchObject({ rowsRead: 3, created: 3, rejectedCount: 0 });
    const stored = async (importId: string) =>
      (await sql<{ raw: Record<string, string>; status: string; linkKind: string }>`SELECT raw, status, link_kind FROM identity_touchpoints WHERE import_id = ${importId} ORDER BY line`.execute(t.database.db)).rows;
    const bigRows = await stored(big.importId);
    const smallRows = await stored(small.importId);
    expect(bigRows).toHaveLength(70);
    expect(smallRows).toHaveLength(3);
    for (const [rows, from] of [[bigRows, 0], [smallRows, 100]] as const) {
      rows.forEach((row, k) => {
        const [name, , , address, , company] = awkward(from + k);
        expect(row).toMatchObject({ status: 'linked', linkKind: 'created', raw: expect.objectContaining({ name, address, company }) });
      });
    }
    expect(await t.services.identity.importPeople(t.ctx, fileOfBuffer('big.csv', Buffer.from(csv(0, 70))), { source: 'copy-path', batchSize: 1000 })).toMatchObject({ created: 0, skipped: 70 });
    expect(await t.services.identity.importPeople(t.ctx, fileOfBuffer('small.csv', Buffer.from(csv(100, 3))), { source: 'insert-path', batchSize: 1000 })).toMatchObject({ created: 0, skipped: 3 });
  });

  it('reads Excel workbooks and GBK-encoded CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['名字', '移动电话', '电子邮件']);
    sheet.addRow(['孙丽', '13600001111', 'sunli@example.cn']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const excel = await upload('客户.xlsx', xlsx);
    expect(excel.statusCode, excel.body).toBe(200);
    expect(excel.json()).toMatchObject({ format: 'xlsx', rowsRead: 1, created: 1 });
    const gbk = Buffer.from([...Buffer.from('name,mobile\n'), 0xd6, 0xdc, 0xbd, 0xdc, ...Buffer.from(',13600002222\n')]); // 周杰 in GBK
    const csv = await upload('gbk.csv', gbk);
    expect(csv.statusCode, csv.body).toBe(200);
    const row = await sql<{ name: string }>`SELECT normalised->>'name' AS name FROM identity_touchpoints WHERE import_id = ${csv.json().importId}`.execute(t.database.db);
    expect(row.rows[0]?.name).toBe('周杰');
  });

  it('refuses malformed files with clear errors, never a 500', async () => {
    const empty = await upload('empty.csv', '');
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).code).toBe('IDENTITY.EMPTY_FILE');
    const onlyBlank = await upload('blank.csv', '\n\n');
    expect(errorOf(onlyBlank).code).toBe('IDENTITY.EMPTY_FILE');
    const noName = await upload('x.csv', 'phone,email\n13600003333,a@b.cn\n');
    expect(noName.statusCode).toBe(400);
    expect(errorOf(noName).message).toMatch(/^line 1: no column is the name/);
    const binary = await upload('utf16.csv', Buffer.from('\ufeffname\n张三\n', 'utf16le'));
    expect(binary.statusCode).toBe(400);
    expect(errorOf(binary).code).toBe('IDENTITY.BAD_ENCODING');
    const huge = await upload('huge.csv', `name,mobile\n王一,13600004444\n"${'长'.repeat(70_000)}",13600005555\n王三,13600006666\n`);
    expect(huge.statusCode, huge.body).toBe(200);
    expect(huge.json().rejected).toEqual([{ line: 3, reason: 'column 1 (name): longer than 10000 characters' }]);
    expect(huge.json().created).toBe(2);
    const endless = await upload('open-quote.csv', `name,mobile\n王五,13600009999\n"${'长'.repeat(1_000_100)}\n`);
    expect(endless.statusCode).toBe(400);
    expect(errorOf(endless)).toMatchObject({ code: 'IDENTITY.LINE_TOO_LONG', message: expect.stringMatching(/^line 3: longer than/) });
    const quote = await upload('quote.csv', 'name,mobile\n"王四,13600007777\n');
    expect(quote.statusCode).toBeLessThan(500);
    const fakeExcel = await upload('fake.xlsx', 'this is not a workbook');
    expect(fakeExcel.statusCode).toBe(400);
    expect(errorOf(fakeExcel).code).toBe('IDENTITY.BAD_EXCEL');
    const mapping = await upload('m.csv', '客户名,tel\n吴二,13600008888\n', '?mapping=' + encodeURIComponent('客户名=name,tel=mobile'));
    expect(mapping.json()).toMatchObject({ created: 1 });
    const badMapping = await upload('m.csv', '客户名\n吴二\n', '?mapping=' + encodeURIComponent('客户名=shoe'));
    expect(errorOf(badMapping).code).toBe('IDENTITY.BAD_MAPPING');
    const notMultipart = await t.call({ method: 'POST', url: '/api/v1/identity/imports', payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
  });
});

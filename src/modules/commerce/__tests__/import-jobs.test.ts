import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { attachmentsRoot, createDiskStorage } from '../../../platform/storage/file-storage.ts';

let t: TestApp;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.call({ method: 'POST', url, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  await post('/api/v1/custom-fields', { objectType: 'organisation', key: 'customer_code', label: { 'zh-CN': '客户编号' }, type: 'text' });
  ids.org = await post('/api/v1/organisations', { name: '南京金陵商贸有限公司', custom: { customer_code: 'C-0001' } });
  ids.person = await post('/api/v1/people', { name: '黄婷', phones: [{ number: '139 1234 5678' }], emails: [{ address: 'Huang.Ting@example.cn' }] });
  // Two people share a landline: that phone cannot name one customer.
  ids.a = await post('/api/v1/people', { name: '刘一', phones: [{ number: '025-8888 6666' }] });
  ids.b = await post('/api/v1/people', { name: '刘二', phones: [{ number: '02588886666' }] });
  ids.tea = await post('/api/v1/products', { sku: 'TEA-02', name: '碧螺春 250g', listPrice: '188.00', taxRate: '13' });
});
afterAll(() => t.close());

const upload = (body: string, query = '') => {
  const boundary = 'j0b';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="orders.csv"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(body), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t.call({ method: 'POST', url: `/api/v1/orders/imports${query}`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
};
const finished = async (id: string) => {
  await t.services.commerce.importJobs.settled();
  const response = await t.call({ method: 'GET', url: `/api/v1/orders/imports/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const orderOf = async (number: string) => (await sql<{ organisationId: string | null; personId: string | null; total: string; source: string }>`SELECT organisation_id, person_id, total::text, source FROM orders WHERE number = ${number}`.execute(t.database.db)).rows[0];

describe('order import as a background job, with natural keys', () => {
  it('finds customers by customer code, phone or e-mail and products by SKU or name; reports every other row', async () => {
    const csv = [
      '订单号,日期,客户编号,手机,邮箱,sku,品名,数量,单价,渠道,地区',
      'N-1,2025-04-01,C-0001,,,TEA-02,,2,,门店,华东', // price from the catalogue
      'N-2,2025-04-02,,+86 139-1234-5678,,,碧螺春 250g,1,180,线上,华东', // product by name
      'N-3,2025-04-03,,,huang.ting@EXAMPLE.cn,,散装茶叶,3,20.5,线上,华东', // not in the catalogue: a described line
      'N-4,2025-04-04,C-9999,,,TEA-02,,1,,门店,华东',
      'N-5,2025-04-05,,02588886666,,TEA-02,,1,,门店,华东',
      'N-6,2025-04-06,,,nobody@example.cn,TEA-02,,1,,门店,华东',
      'N-7,2025-04-07,C-0001,,,NEW-1,,1,99,门店,华东',
    ].join('\n');
    const started = await upload(csv);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.headers.location).toBe(`/api/v1/orders/imports/${started.json().id}`);
    expect(started.json()).toMatchObject({ state: 'queued', fileName: 'orders.csv', format: 'csv' });
    const job = await finished(started.json().id);
    expect(job).toMatchObject({ state: 'done', rowsDone: 7, ordersImported: 3, ordersSkipped: 0, linesImported: 3, productsCreated: 0, rowsRejected: 4, error: null });
    expect(job.bytesRead).toBe(job.fileSize);
    expect(job.rejected).toEqual([
      { line: 5, orderNumber: 'N-4', reason: 'customer_code: no customer with customer_code "C-9999"' },
      { line: 6, orderNumber: 'N-5', reason: 'phone: "02588886666" belongs to 2 customers; give customer_code or an id' },
      { line: 7, orderNumber: 'N-6', reason: 'email: no customer with email "nobody@example.cn"' },
      { line: 8, orderNumber: 'N-7', reason: 'sku: no product "NEW-1" (import with create products to add it)' },
    ]);
    expect(await orderOf('N-1')).toMatchObject({ organisationId: ids.org, total: '424.88', source: 'import' }); // 2 × 188 = 376, tax 48.88
    expect(await orderOf('N-2')).toMatchObject({ personId: ids.person, total: '203.40' });
    expect(await orderOf('N-3')).toMatchObject({ personId: ids.person, total: '61.50' });
    const line = (await t.call({ method: 'GET', url: `/api/v1/order-lines?personId=${ids.person}&channel=${encodeURIComponent('线上')}` })).json().items as Array<{ productId: string | null; description: string; region: string }>;
    expect(line.map((l) => [l.productId, l.region]).sort()).toEqual([[ids.tea, '华东'], [null, '华东']].sort());

    // Again with products created: only N-7 is new; the rest are skipped or rejected as before — idempotent.
    const again = await finished((await upload(csv, '?createProducts=true')).json().id);
    expect(again).toMatchObject({ state: 'done', ordersImported: 1, ordersSkipped: 3, productsCreated: 1, rowsRejected: 3 });
    const product = (await t.call({ method: 'GET', url: '/api/v1/products?q=NEW-1' })).json().items[0];
    expect(product).toMatchObject({ sku: 'NEW-1', listPrice: '99.0000', currency: 'CNY' });
    const list = (await t.call({ method: 'GET', url: '/api/v1/orders/imports?limit=5' })).json().items as Array<{ id: string }>;
    expect(list.map((j) => j.id)).toEqual([again.id, job.id]);
  });

  it('resumes a job interrupted by a restart after its last committed row, importing nothing twice', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `R-${String(i).padStart(3, '0')},2025-05-01,C-0001,TEA-02,${i + 1},`);
    const csv = ['order_number,ordered_on,customer_code,sku,quantity,unit_price', ...rows, ',2025-05-02,C-0001,TEA-02,1,'].join('\n');
    // A crash after 12 rows: those orders committed with the job's position, the process died, the job says running.
    const partial = await t.services.commerce.imports.run(t.ctx, Readable.from([csv.split('\n').slice(0, 13).join('\n')]), { format: 'csv', batchOrders: 4 });
    expect(partial.ordersImported).toBe(12);
    const key = `${t.ctx.tenantId}/order-imports/manual`;
    await t.services.commerce.importJobs.settled();
    const storage = createDiskStorage(attachmentsRoot(t.config.dataDir));
    await storage.put(key, Readable.from([csv]));
    const id = '01900000-0000-7000-8000-00000000a001';
    await sql`INSERT INTO order_import_jobs (tenant_id, id, file_name, format, file_key, file_size, state, rows_done, orders_imported, lines_imported, heartbeat_at, created_by)
      VALUES (${t.ctx.tenantId}, ${id}, 'big.csv', 'csv', ${key}, ${csv.length}, 'running', 12, 12, 12, now() - interval '1 hour', ${t.admin.id})`.execute(t.database.db);
    expect(await t.services.commerce.importJobs.resume({ staleAfterMs: 60_000 })).toBeGreaterThanOrEqual(1);
    const job = await finished(id);
    expect(job).toMatchObject({ state: 'done', rowsDone: 31, ordersImported: 30, ordersSkipped: 0, linesImported: 30, rowsRejected: 1 });
    expect(job.rejected).toEqual([{ line: 32, orderNumber: null, reason: 'order_number is empty' }]);
    const { rows: counted } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE number LIKE 'R-%'`.execute(t.database.db);
    expect(counted[0]?.n).toBe(30);
    // A job with a fresh heartbeat belongs to a live server: it is not taken over.
    await sql`UPDATE order_import_jobs SET state = 'running', heartbeat_at = now() WHERE id = ${id}`.execute(t.database.db);
    await t.services.commerce.importJobs.resume({ staleAfterMs: 60_000 });
    await t.services.commerce.importJobs.settled();
    expect((await t.call({ method: 'GET', url: `/api/v1/orders/imports/${id}` })).json().state).toBe('running');
  });

  it('a malformed file fails the job with the parser’s reason and keeps the orders committed before it', async () => {
    const csv = ['order_number,ordered_on,customer_code,sku,quantity', 'M-1,2025-06-01,C-0001,TEA-02,1', ...Array.from({ length: 300 }, (_, i) => `M-${i + 2},2025-06-01,C-0001,TEA-02,1`), 'M-999,2025-06-01,"C-0001,TEA-02,1'].join('\n');
    const job = await finished((await upload(csv)).json().id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/quote/i);
    expect(job.ordersImported).toBe(200); // the first batch committed before the parser met the broken quote
    expect(job.rowsDone).toBe(200);
  });

  it('a file that is not what its name says, or has no order_number column, is reported, not half-read', async () => {
    const boundary = 'x1sx';
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="orders.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`), Buffer.from('this is not a spreadsheet'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const started = await t.call({ method: 'POST', url: '/api/v1/orders/imports', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(started.statusCode, started.body).toBe(202);
    const failed = await finished(started.json().id);
    expect(failed).toMatchObject({ state: 'failed', format: 'xlsx', ordersImported: 0 });
    expect(failed.error).toBeTruthy();
    const headless = await finished((await upload('日期,客户编号,sku,数量\n2025-07-01,C-0001,TEA-02,1\n2025-07-02,C-0001,TEA-02,2')).json().id);
    expect(headless).toMatchObject({ state: 'done', ordersImported: 0, rowsRejected: 2, rejected: [{ line: 2, orderNumber: null, reason: 'order_number is empty' }, { line: 3, orderNumber: null, reason: 'order_number is empty' }] });
  });

  it('refuses what is not an upload, and hides other users’ imports', async () => {
    expect((await t.call({ method: 'POST', url: '/api/v1/orders/imports', payload: { file: 'x' } })).statusCode).toBe(415);
    const job = (await upload('order_number\n')).json();
    const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'imp@example.com', displayName: '导入员', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const hidden = await t.call({ method: 'GET', url: `/api/v1/orders/imports/${job.id}`, auth: token });
    const missing = await t.call({ method: 'GET', url: '/api/v1/orders/imports/01900000-0000-7000-8000-000000000000', auth: token });
    expect([hidden.statusCode, errorOf(hidden).code]).toEqual([404, errorOf(missing).code]);
    expect((await finished(job.id)).state).toBe('done');
  });
});

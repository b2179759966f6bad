import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let org: string;
let person: string;
beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  org = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '成都天府百货' } })).json().id;
  person = (await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '刘洋' } })).json().id;
  await t.call({ method: 'POST', url: '/api/v1/products', payload: { sku: 'TEA-01', name: '西湖龙井 250g', listPrice: '268.00', taxRate: '13' } });
});
afterAll(() => t.close());

const upload = (fileName: string, type: string, body: Buffer | string) => {
  const boundary = 'b0undary';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t.call({ method: 'POST', url: '/api/v1/orders/import', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
};
const count = async (table: 'orders' | 'order_lines') => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]?.n ?? 0;

describe('order import', () => {
  const csvText = () => [
    '\uFEFF订单号,日期,organisation_id,person_id,sku,品名,数量,单价,折扣,渠道,地区,门店',
    `A-1,2024-03-01,${org},,TEA-01,,2,268.00,,store,西南,春熙路店`,
    `A-1,2024-03-01,${org},,,礼盒包装,1,15.5,,store,西南,春熙路店`,
    `A-2,2024-03-02,,${person},TEA-01,,1,268,10,online,西南,`,
    `A-3,2024-02-30,,${person},TEA-01,,1,268,,online,西南,`,
    `A-4,2024-03-05,,${person},NOPE-9,,1,100,,dealer,西南,锦江经销商`,
    `A-4,2024-03-05,,${person},TEA-01,,abc,100,,dealer,西南,锦江经销商`,
    `,2024-03-06,,${person},TEA-01,,1,100,,dealer,西南,`,
    `A-5,2024-03-07,,,TEA-01,,1,100,,dealer,西南,`,
    `A-1,2024-03-08,${org},,TEA-01,,1,268,,store,西南,春熙路店`,
  ].join('\n');

  it('imports the valid orders, reports every other row with its line and reason, and is idempotent on re-run', async () => {
    const csv = csvText();
    const first = await upload('history.csv', 'text/csv', csv);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json();
    expect(report).toMatchObject({ rowsRead: 10 - 1, ordersImported: 2, ordersSkipped: 0, linesImported: 3 });
    expect(report.rejected).toEqual([
      { line: 5, orderNumber: 'A-3', reason: 'ordered_on: "2024-02-30" is not a date written YYYY-MM-DD' },
      { line: 6, orderNumber: 'A-4', reason: 'sku: no product "NOPE-9" (import with create products to add it)' },
      { line: 7, orderNumber: 'A-4', reason: 'quantity: "abc" is not a positive number (at most 3 decimals)' },
      { line: 8, orderNumber: null, reason: 'order_number is empty' },
      { line: 9, orderNumber: 'A-5', reason: 'no customer: give organisation_id, person_id, customer_code, phone or email' },
      { line: 10, orderNumber: 'A-1', reason: 'order A-1 appeared earlier in the file; the lines of an order must be consecutive' },
    ]);
    // Every data row is either imported or reported: nothing lost.
    expect(report.linesImported + report.rejected.length).toBe(report.rowsRead);
    const order = (await t.call({ method: 'GET', url: `/api/v1/orders?organisationId=${org}` })).json().items[0];
    expect(order).toMatchObject({ number: 'A-1', orderedOn: '2024-03-01', channel: 'store', store: '春熙路店', source: 'import', subtotal: '551.50', taxTotal: '69.68', total: '621.18' });

    const before = { orders: await count('orders'), lines: await count('order_lines') };
    const again = (await upload('history.csv', 'text/csv', csv)).json();
    expect(again).toMatchObject({ ordersImported: 0, ordersSkipped: 2, linesImported: 0 });
    expect({ orders: await count('orders'), lines: await count('order_lines') }).toEqual(before);
  });

  it('reads Excel files the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('orders');
    sheet.addRow(['order_number', 'ordered_on', 'person_id', 'sku', 'quantity', 'unit_price', 'channel']);
    sheet.addRow(['X-1', '2025-01-02', person, 'TEA-01', 3, 250, 'phone']);
    sheet.addRow(['X-2', '2025-01-03', person, 'TEA-01', -1, 250, 'phone']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload('history.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ rowsRead: 2, ordersImported: 1, rejected: [{ line: 3, orderNumber: 'X-2' }] });
  });

  it('answers 415 to a non-multipart body', async () => {
    expect((await t.call({ method: 'POST', url: '/api/v1/orders/import', payload: { file: 'x' } })).statusCode).toBe(415);
  });
});

/**
 * Reading an order file row by row, streaming: CSV (UTF-8, BOM tolerated) or Excel (.xlsx, first sheet).
 * The first row names the columns; English or Chinese headers are accepted. Yields each row with its line number
 * in the file, so every rejection can name the line.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type RawRow = { line: number; values: Record<string, string> };

/** Header spellings → the canonical column. */
const ALIASES: Record<string, string[]> = {
  orderNumber: ['order_number', 'order number', 'order_no', 'orderno', '订单号', '訂單號', '单号'],
  orderedOn: ['ordered_on', 'order_date', 'date', '日期', '下单日期', '訂單日期'],
  organisationId: ['organisation_id', 'organization_id', 'org_id', '公司id', '客户公司id'],
  personId: ['person_id', 'customer_id', '客户id', '客戶id'],
  customerCode: ['customer_code', 'customer_no', 'customer number', '客户编号', '客戶編號', '客户代码', '客戶代碼', '会员号', '會員號'],
  phone: ['phone', 'mobile', 'customer_phone', '手机', '手機', '电话', '電話', '联系电话', '聯絡電話'],
  email: ['email', 'e-mail', 'customer_email', '邮箱', '電子郵件', '电子邮件', '郵箱'],
  sku: ['sku', 'product_code', '产品编号', '產品編號', '货号'],
  description: ['description', 'product', 'product_name', '产品', '產品', '品名', '产品名称', '產品名稱'],
  quantity: ['quantity', 'qty', '数量', '數量'],
  unitPrice: ['unit_price', 'price', '单价', '單價'],
  discountPercent: ['discount_percent', 'discount', '折扣'],
  taxRate: ['tax_rate', 'tax', '税率', '稅率'],
  currency: ['currency', '币种', '幣別'],
  channel: ['channel', '渠道', '通路'],
  region: ['region', '地区', '地區', '区域'],
  store: ['store', 'dealer', 'store_or_dealer', '门店', '門市', '经销商', '經銷商'],
};

const canonical = new Map(Object.entries(ALIASES).flatMap(([key, names]) => [[key.toLowerCase(), key], ...names.map((n) => [n.toLowerCase(), key] as [string, string])]));

export function headerKey(header: string): string | undefined {
  return canonical.get(header.replace(/^\uFEFF/, '').trim().toLowerCase());
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return String(v.text);
  }
  return String(value);
}

export async function* readCsvRows(input: Readable): AsyncGenerator<RawRow> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  let headers: Array<string | undefined> | undefined;
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!headers) {
      headers = record.record.map(headerKey);
      continue;
    }
    const values: Record<string, string> = {};
    record.record.forEach((cell, i) => {
      const key = headers?.[i];
      if (key) values[key] = cell;
    });
    yield { line: record.info.lines, values };
  }
}

export async function* readXlsxRows(input: Readable): AsyncGenerator<RawRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of workbook) {
    let headers: Array<string | undefined> | undefined;
    for await (const row of sheet) {
      const cells = (row.values as unknown[]).slice(1).map(cellText);
      if (!headers) {
        headers = cells.map(headerKey);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      const values: Record<string, string> = {};
      cells.forEach((cell, i) => {
        const key = headers?.[i];
        if (key) values[key] = cell.trim();
      });
      yield { line: row.number, values };
    }
    return; // the first sheet only
  }
}

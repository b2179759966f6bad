import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeBasketFile, analyzeClvFile, analyzeRfmFile } from '../analyze.files.ts';
import { openDuckDb } from '../duckdb.session.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guanxi-files-'));
  const rows = ['cust,day,order_no,value,sku'];
  // Three customers; c1 buys often, c3 once. Integer dates (YYYYMMDD) exercise the CDNOW-style parsing.
  const orders: [string, string, string, number, string][] = [
    ['c1', '20260105', 'o1', 10, 'tea'], ['c1', '20260105', 'o1', 5, 'cups'], ['c1', '20260201', 'o2', 20, 'tea'],
    ['c1', '20260301', 'o3', 15, 'tea'], ['c2', '20260110', 'o4', 50, 'coffee'], ['c2', '20260220', 'o5', 40, 'coffee'],
    ['c2', '20260220', 'o5', 5, 'cups'], ['c3', '20260115', 'o6', 8, 'tea'],
  ];
  for (const o of orders) rows.push(o.join(','));
  writeFileSync(join(dir, 'lines.csv'), rows.join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = { customer: 'cust', date: 'day', amount: 'value', order: 'order_no' };

describe('analytics over files', () => {
  it('writes RFM to Parquet and summarises it', async () => {
    const output = join(dir, 'rfm.parquet');
    const { rows, summary } = await analyzeRfmFile({ input: join(dir, 'lines.csv'), output, columns, summary: true });
    expect(rows).toBe(3);
    expect(summary?.customers).toBe(3);
    const s = await openDuckDb();
    const got = (await s.connection.runAndReadAll(`SELECT customer_id, recency_days, frequency, monetary FROM read_parquet('${output}') ORDER BY 1`)).getRowsJS();
    s.close();
    // As of 2026-03-02 (the day after the last purchase): c1 last bought 03-01, 3 orders, 50.
    expect(got).toEqual([
      ['c1', 1n, 3n, 50],
      ['c2', 10n, 2n, 95],
      ['c3', 46n, 1n, 8],
    ]);
  });

  it('names the flag and the column when a column is missing, and the file when it is absent', async () => {
    await expect(analyzeRfmFile({ input: join(dir, 'lines.csv'), output: join(dir, 'x.csv'), columns: { ...columns, amount: 'price' } })).rejects.toThrow(
      /no column "price" \(given by --amount-col\); the file has: cust, day, order_no, value, sku/,
    );
    await expect(analyzeRfmFile({ input: join(dir, 'none.csv'), output: join(dir, 'x.csv'), columns })).rejects.toThrow(/none\.csv: no such file/);
    await expect(analyzeRfmFile({ input: join(dir, 'lines.csv'), output: join(dir, 'x.xlsx'), columns })).rejects.toThrow(/unknown file type/);
  });

  it('explains an unreadable date with the column that held it', async () => {
    await expect(
      analyzeRfmFile({ input: join(dir, 'lines.csv'), output: join(dir, 'x.csv'), columns: { ...columns, date: 'sku' } }),
    ).rejects.toThrow(/date column "sku"/);
  });

  it('fits BG/NBD and Gamma-Gamma from lines and writes one row per customer', async () => {
    const summary = await analyzeClvFile({
      input: join(dir, 'lines.csv'),
      output: join(dir, 'clv.csv'),
      columns,
      model: 'bgnbd',
      period: 'week',
      discountRate: 0.01,
      horizonMonths: 6,
    });
    expect(summary.customers).toBe(3);
    expect(summary.calibrationEnd).toBe('2026-03-01 00:00:00');
    expect(summary.spend?.customers).toBe(2);
    expect(Number.isFinite(summary.logLikelihood)).toBe(true);
    await expect(
      analyzeClvFile({ input: join(dir, 'lines.csv'), output: join(dir, 'clv.csv'), columns, model: 'bgnbd', period: 'week', discountRate: 2, horizonMonths: 6 }),
    ).rejects.toThrow(/discount-rate/);
  });

  it('mines rules from order lines and from a baskets file alike', async () => {
    const fromLines = await analyzeBasketFile({
      input: join(dir, 'lines.csv'), output: join(dir, 'rules.csv'), format: 'lines', order: 'order_no', item: 'sku', minSupport: 0.3, minConfidence: 0.5,
    });
    writeFileSync(join(dir, 'baskets.csv'), 'tea,cups\ntea\ntea\ncoffee\ncoffee,cups\ntea\n');
    const fromBaskets = await analyzeBasketFile({
      input: join(dir, 'baskets.csv'), output: join(dir, 'rules2.csv'), format: 'baskets', minSupport: 0.3, minConfidence: 0.5,
    });
    expect(fromLines).toEqual(fromBaskets);
    expect(fromLines).toMatchObject({ transactions: 6, itemsets: 3 }); // tea 4, coffee 2, cups 2 of 6: tea, coffee, cups ≥ 0.3
  });
});

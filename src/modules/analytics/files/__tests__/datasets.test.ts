import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationRules } from '../../models/association-rules.model.ts';
import { bgNbdExpectedPurchases, fitBgNbd } from '../../models/bgnbd.model.ts';
import { fpGrowth } from '../../models/fpgrowth.model.ts';
import { DATASETS } from '../../models/__tests__/cdnow.fixture.ts';
import { readOrderBaskets } from '../basket.files.ts';
import { readPurchaseSummaries } from '../clv.files.ts';
import { openDuckDb, type DuckSession } from '../duckdb.session.ts';
import { columnsOf, inputRelation } from '../table.io.ts';

let session: DuckSession;
let dir: string;
beforeAll(async () => {
  session = await openDuckDb();
  dir = mkdtempSync(join(tmpdir(), 'guanxi-datasets-'));
});
afterAll(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('purchase summaries from CDNOW transactions', () => {
  it('reproduce the published summary file (2,357 customers, weeks, calibration to 1997-09-30)', async () => {
    // CDNOW_sample.txt is whitespace-separated: master id, sample id, YYYYMMDD, CDs, dollars.
    const csv = ['sample_id,date,cds,dollars'];
    const holdoutDays = new Set<string>(); // counted here independently of the SQL: distinct (customer, day) after the end
    for (const line of readFileSync(`${DATASETS}cdnow/CDNOW_sample.txt`, 'utf8').split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length === 5) csv.push(`${Number(f[1])},${f[2]},${f[3]},${f[4]}`);
      if (f.length === 5 && Number(f[2]) > 19970930) holdoutDays.add(`${f[1]}/${f[2]}`);
    }
    const path = join(dir, 'cdnow.csv');
    writeFileSync(path, csv.join('\n'));
    const relation = inputRelation(path);
    const types = await columnsOf(session, relation);
    const s = await readPurchaseSummaries(session, relation, types, { customer: 'sample_id', date: 'date', amount: 'dollars' }, 'week', '1997-09-30');
    const expected = readFileSync(`${DATASETS}cdnow/cdnow_customers_summary_with_transactions.csv`, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(s.customerIds).toHaveLength(2357);
    const index = new Map(s.customerIds.map((id, i) => [id, i]));
    let worstTime = 0;
    let worstSpend = 0;
    for (const [id, x, tx, T, zbar] of expected) {
      const i = index.get(String(id)) as number;
      expect(s.frequency[i]).toBe(x);
      worstTime = Math.max(worstTime, Math.abs((s.recency[i] as number) - (tx as number)), Math.abs((s.age[i] as number) - (T as number)));
      worstSpend = Math.max(worstSpend, Math.abs((s.monetary[i] as number) - (zbar as number)));
    }
    // The published file rounds to two decimals.
    expect(worstTime).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(worstSpend).toBeLessThanOrEqual(0.005 + 1e-9);
    // The 39 weeks after the calibration end are the holdout the paper forecasts.
    expect(s.holdoutLength).toBeCloseTo(39, 9);
    expect(s.holdout.reduce((a, b) => a + b, 0)).toBe(holdoutDays.size);
    const fit = fitBgNbd(s);
    let predicted = 0;
    for (let i = 0; i < s.frequency.length; i++) {
      predicted += bgNbdExpectedPurchases(fit.params, 39, s.frequency[i] as number, s.recency[i] as number, s.age[i] as number);
    }
    // The model under-forecasts this holdout by ~12 % (1,653 vs 1,882 purchase days): a check of the wiring, not of the model.
    expect(predicted / holdoutDays.size).toBeGreaterThan(0.8);
    expect(predicted / holdoutDays.size).toBeLessThan(1);
  });
});

describe('FP-Growth on UCI Online Retail (invoices with quantity > 0, items = StockCode)', () => {
  it('finds 353 / 1,840 / 16,352 frequent itemsets at supports 0.02 / 0.01 / 0.005, and 4,096 rules at 0.8', async () => {
    const relation = inputRelation(`${DATASETS}online-retail/online-retail.csv.gz`);
    const baskets = await readOrderBaskets(session, relation, { order: 'InvoiceNo', item: 'StockCode', quantity: 'Quantity' });
    expect(baskets).toHaveLength(20_728);
    expect(fpGrowth(baskets, { minSupport: 0.02 }).itemsets).toHaveLength(353);
    expect(fpGrowth(baskets, { minSupport: 0.01 }).itemsets).toHaveLength(1840);
    const frequent = fpGrowth(baskets, { minSupport: 0.005 });
    expect(frequent.itemsets).toHaveLength(16_352);
    const rules = associationRules(frequent, 0.8);
    // mlxtend reports 4,094: it drops 2 of the rules whose confidence is exactly 0.8 by counts (PEERS.md).
    expect(rules).toHaveLength(4096);
    expect(rules.filter((r) => r.count * 5 === r.antecedentCount * 4).length).toBeGreaterThanOrEqual(2);
  });
});

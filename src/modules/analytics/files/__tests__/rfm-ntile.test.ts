import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ntile, rfmSegment, scoreRfm, segmentCounts } from '../../models/rfm.model.ts';
import { openDuckDb, type DuckSession } from '../duckdb.session.ts';
import { rfmHistorySql, rfmSnapshotSql } from '../rfm.files.ts';
import { columnsOf, inputRelation } from '../table.io.ts';

let session: DuckSession;
let dir: string;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1 });
  dir = mkdtempSync(join(tmpdir(), 'guanxi-rfm-'));
});
afterAll(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Orders never span two days (as in real data). Small integer ranges so many customers tie on every measure: ties are where NTILE implementations differ. */
function randomLines(seed: number, customers: number, lines: number): string {
  let state = seed;
  const rand = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const rows = ['customer,order_date,order_no,amount'];
  for (let i = 0; i < lines; i++) {
    const c = Math.floor(rand() * customers);
    const day = 1 + Math.floor(rand() * 28);
    const month = 1 + Math.floor(rand() * 6);
    rows.push(`c${c},2026-0${month}-${String(day).padStart(2, '0')},o${c}-${month}-${day}-${Math.floor(rand() * 2)},${Math.round(rand() * 5) * 10}`);
  }
  return rows.join('\n');
}

describe('NTILE in TypeScript', () => {
  it('splits like SQL: 7 rows in 5 tiles give sizes 2,2,1,1,1', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => ntile(i, 7, 5))).toEqual([1, 1, 2, 2, 3, 4, 5]);
    expect([0, 1, 2].map((i) => ntile(i, 3, 5))).toEqual([1, 2, 3]);
  });

  it('gives tile sizes that differ by at most one, larger first, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 12 }), (count, buckets) => {
        const tiles = Array.from({ length: count }, (_, i) => ntile(i, count, buckets));
        const sizes = new Map<number, number>();
        tiles.forEach((t, i) => {
          if (i > 0) expect(t).toBeGreaterThanOrEqual(tiles[i - 1] as number);
          sizes.set(t, (sizes.get(t) ?? 0) + 1);
        });
        const list = [...sizes.values()];
        expect(Math.max(...list) - Math.min(...list)).toBeLessThanOrEqual(1);
        expect(list).toEqual([...list].sort((a, b) => b - a));
      }),
    );
  });

  it('maps every (R, F, M) to one of the segments, with the corners as expected', () => {
    expect(rfmSegment(5, 5, 5)).toBe('Champions');
    expect(rfmSegment(1, 1, 1)).toBe('Lost');
    expect(rfmSegment(1, 5, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(5, 1, 1)).toBe('New Customers');
    expect(() => rfmSegment(0, 1, 1)).toThrow(RangeError);
    const all = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) all.add(rfmSegment(r, f, m));
    expect(all.size).toBe(11);
  });
});

describe('RFM: TypeScript scoring equals DuckDB SQL NTILE(5) on the same data', () => {
  it.each([1, 2, 3])('seed %i', async (seed) => {
    const path = join(dir, `lines-${seed}.csv`);
    writeFileSync(path, randomLines(seed, 317, 2000));
    const relation = inputRelation(path);
    const types = await columnsOf(session, relation);
    const cols = { customer: 'customer', date: 'order_date', amount: 'amount', order: 'order_no' };
    const sql = (await session.connection.runAndReadAll(rfmSnapshotSql(relation, types, cols))).getRowObjectsJS();
    // A hand-written query for the inputs, scored by the TypeScript model.
    const raw = (
      await session.connection.runAndReadAll(`SELECT customer, date_diff('day', max(order_date), (SELECT max(order_date) FROM ${relation}) + 1) AS rec,
        count(DISTINCT order_no) AS f, sum(amount) AS m FROM ${relation} GROUP BY customer`)
    ).getRowsJS();
    const ts = scoreRfm(raw.map((row) => ({ customerId: String(row[0]), recencyDays: Number(row[1]), frequency: Number(row[2]), monetary: Number(row[3]) })));
    const byId = new Map(ts.map((s) => [s.customerId, s]));
    expect(sql).toHaveLength(ts.length);
    for (const row of sql) {
      const mine = byId.get(String(row.customer_id));
      expect([mine?.recencyDays, mine?.r, mine?.f, mine?.m, mine?.segment]).toEqual([
        Number(row.recency_days), Number(row.r), Number(row.f), Number(row.m), row.segment,
      ]);
    }
    expect(Object.values(segmentCounts(ts)).reduce((a, b) => a + b, 0)).toBe(ts.length);
  });

  it('keeps a monthly history whose last snapshot equals the snapshot as of the month after', async () => {
    const path = join(dir, 'lines-1.csv');
    const relation = inputRelation(path);
    const types = await columnsOf(session, relation);
    const cols = { customer: 'customer', date: 'order_date', amount: 'amount', order: 'order_no' };
    const history = (await session.connection.runAndReadAll(rfmHistorySql(relation, types, cols, 'month'))).getRowObjectsJS();
    const months = new Set(history.map((row) => String(row.period_start)));
    expect(months.size).toBe(6);
    const june = history.filter((row) => (row.period_start as Date).toISOString().startsWith('2026-06'));
    const snapshot = (await session.connection.runAndReadAll(rfmSnapshotSql(relation, types, cols, '2026-07-01'))).getRowObjectsJS();
    expect(june.map((row) => [row.customer_id, row.recency_days, row.frequency, row.segment])).toEqual(
      snapshot.sort((a, b) => (String(a.customer_id) < String(b.customer_id) ? -1 : 1)).map((row) => [row.customer_id, row.recency_days, row.frequency, row.segment]),
    );
  });
});

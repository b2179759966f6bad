import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { copyField, copyInto, type CopyValue } from '../copy.ts';

// Runs on the suite's engine: pg-copy-streams on PostgreSQL, COPY from a blob on PGlite.
let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await sql`CREATE TABLE copy_probe (id int PRIMARY KEY, label text, doc jsonb, ratio float8, flag boolean, at timestamptz, ref uuid)`.execute(test.database.db);
});
afterAll(async () => test.drop());

const hostile = [
  'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '\\\\N', 'ends with \\', '\\t literal', '"double" \'single\'',
  '非BMP 𠮷野家 😀 𝄞', '', ' ', 'comma, semicolon; pipe|', 'null', 'NULL', '\u2028\u2029 separators', '\u0001\u001f controls', '{"a":1}', '{a,b}',
];

describe('copyInto', () => {
  it('stores hostile text and JSON exactly, keeps null apart from "" and "\\N"', async () => {
    const rows: CopyValue[][] = hostile.map((label, i) => [i, label, { label, nested: [label, { k: label }] }, i / 7, i % 2 === 0, new Date(Date.UTC(2026, 0, 1, 0, 0, i)), '00000000-0000-4000-8000-00000000000' + (i % 10)]);
    rows.push([hostile.length, null, null, null, null, null, null]);
    const { db } = test.database;
    await db.transaction().execute(async (trx) => {
      await copyInto('copy_probe', ['id', 'label', 'doc', 'ratio', 'flag', 'at', 'ref'], rows).execute(trx);
    });
    const { rows: back } = await sql<{ id: number; label: string | null; doc: unknown; ratio: number | null; flag: boolean | null; at: Date | null; ref: string | null }>`
      SELECT id, label, doc, ratio, flag, at, ref FROM copy_probe ORDER BY id`.execute(db);
    expect(back).toHaveLength(rows.length);
    hostile.forEach((label, i) => {
      expect(back[i]).toEqual({ id: i, label, doc: { label, nested: [label, { k: label }] }, ratio: i / 7, flag: i % 2 === 0, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), ref: '00000000-0000-4000-8000-00000000000' + (i % 10) });
    });
    expect(back[hostile.length]).toEqual({ id: hostile.length, label: null, doc: null, ratio: null, flag: null, at: null, ref: null });
  });

  it('joins the caller transaction: rolled back with it, and a failing COPY fails the transaction', async () => {
    const { db } = test.database;
    await expect(db.transaction().execute(async (trx) => {
      await copyInto('copy_probe', ['id', 'label'], [[1000, 'kept?'], [1001, 'kept?']]).execute(trx);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe WHERE id >= 1000`.execute(trx);
      expect(rows[0]?.n).toBe(2); // visible inside the transaction
      throw new Error('abandon');
    })).rejects.toThrow('abandon');
    await expect(db.transaction().execute(async (trx) => {
      await copyInto('copy_probe', ['id', 'label'], [[1002, 'new'], [0, 'duplicate key']]).execute(trx);
    })).rejects.toThrow(/duplicate key|unique/);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe WHERE id >= 1000`.execute(db);
    expect(rows[0]?.n).toBe(0);
    // The connection is usable afterwards, and an empty COPY is a no-op.
    await copyInto('copy_probe', ['id', 'label'], []).execute(db);
    await copyInto('copy_probe', ['id', 'label'], [[1003, 'after']]).execute(db);
    const { rows: after } = await sql<{ label: string }>`SELECT label FROM copy_probe WHERE id = 1003`.execute(db);
    expect(after).toEqual([{ label: 'after' }]);
  });

  it('refuses what COPY cannot carry with a message naming the column and row', () => {
    expect(() => copyInto('copy_probe', ['id', 'label'], [[1, 'ok'], [2, 'a\u0000b']])).toThrow('copy_probe.label (row 2) contains a NUL character');
    expect(() => copyInto('copy_probe', ['id', 'label'], [[1]])).toThrow('row 1 has 1 values for 2 columns');
    expect(() => copyInto('copy_probe; DROP TABLE x', ['id'], [])).toThrow('not a plain identifier');
    expect(() => copyField(Number.NaN, 'ratio')).toThrow('ratio is not a finite number');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';

const dir = mkdtempSync(join(tmpdir(), 'guanxi-identity-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function guanxi(...args: string[]) {
  return spawnSync(process.execPath, ['bin/guanxi.js', 'identity', ...args], { encoding: 'utf8' });
}

describe('guanxi identity', () => {
  it('synth then resolve: one output row per input record, the three columns first, extra columns kept', () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    const explain = join(dir, 'links.jsonl');
    expect(guanxi('synth', '--count', '3000', '--output', input, '--seed', '9').status).toBe(0);
    const review = join(dir, 'review.jsonl');
    const run = guanxi('resolve', '--input', input, '--output', output, '--explain', explain, '--threshold', '0.95', '--review', review, '--review-threshold', '0.2');
    expect(run.status, run.stderr).toBe(0);
    const rows = parse(readFileSync(output, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const inputRows = parse(readFileSync(input, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.record_id)).toEqual(inputRows.map((r) => r.record_id));
    expect(Object.keys(rows[0] ?? {})).toEqual(['record_id', 'cluster_id', 'match_probability', 'entity_id', 'household_id']);
    const ids = new Set(rows.map((r) => r.record_id));
    expect(rows.every((r) => ids.has(r.cluster_id ?? ''))).toBe(true);
    expect(rows.some((r) => r.cluster_id !== r.record_id && Number(r.match_probability) >= 0.95)).toBe(true);
    const link = JSON.parse(readFileSync(explain, 'utf8').split('\n')[0] ?? '{}') as { left: string; fields: unknown[] };
    expect(ids.has(link.left)).toBe(true);
    expect(link.fields).toHaveLength(6);
    const uncertain = readFileSync(review, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { left: string; right: string; probability: number; vetoedBy: string | null });
    const clusterOf = new Map(rows.map((r) => [r.record_id, r.cluster_id]));
    expect(uncertain.length).toBeGreaterThan(0);
    for (const pair of uncertain) {
      expect(pair.probability).toBeGreaterThanOrEqual(0.2);
      expect(clusterOf.get(pair.left)).not.toBe(clusterOf.get(pair.right));
    }
  });

  it('links a small file with the default parameters', () => {
    const small = join(dir, 'small.csv');
    writeFileSync(small, '\ufeffrecord_id,name,phone,notes\r\nA,張偉,+86 138 0013 8000,"x, y"\r\nB,Zhang Wei,13800138000,z\r\nC,李娜,,\r\n');
    const run = guanxi('resolve', '--input', small, '--output', join(dir, 'small.out.csv'));
    expect(run.stderr).toMatch(/default parameters/);
    expect(readFileSync(join(dir, 'small.out.csv'), 'utf8').split(/\r?\n/).slice(0, 4).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'record_id,cluster_id', 'A,A', 'B,A', 'C,C',
    ]);
  });

  it('names the file, line and column of malformed input', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'record_id,name,phone\n1,张伟,13800138000\n2,李娜\n');
    const ragged = guanxi('resolve', '--input', bad, '--output', join(dir, 'x.csv'));
    expect(ragged.status).not.toBe(0);
    expect(ragged.stderr).toMatch(/bad\.csv:3: malformed CSV/);

    const duplicate = join(dir, 'dup.csv');
    writeFileSync(duplicate, 'record_id,name\nA,张伟\nB,李娜\nA,王芳\n');
    const dup = guanxi('resolve', '--input', duplicate, '--output', join(dir, 'y.csv'));
    expect(dup.stderr).toMatch(/dup\.csv:4: column record_id: "A" already used on line 2/);

    const noId = join(dir, 'noid.csv');
    writeFileSync(noId, 'id,name\n1,张伟\n');
    expect(guanxi('resolve', '--input', noId, '--output', join(dir, 'z.csv')).stderr).toMatch(/noid\.csv:1: header has no "record_id" column/);
    expect(guanxi('resolve', '--input', join(dir, 'missing.csv'), '--output', join(dir, 'z.csv')).stderr).toMatch(/missing\.csv: cannot read/);
    expect(guanxi('resolve', '--input', bad, '--output', join(dir, 'z.csv'), '--threshold', '2').status).not.toBe(0);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../models/__tests__/cdnow.fixture.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'guanxi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const guanxi = (...args: string[]) => run(process.execPath, [join(root, 'bin/guanxi.js'), ...args], { cwd: root });

describe('guanxi analytics (end to end, child process)', () => {
  it('basket --format baskets writes antecedent,consequent,support,confidence,lift and prints a JSON summary', async () => {
    const output = join(dir, 'rules.csv');
    const { stdout } = await guanxi('analytics', 'basket', '--input', `${DATASETS}groceries/groceries.csv`, '--format', 'baskets',
      '--min-support', '0.001', '--min-confidence', '0.8', '--output', output, '--json', '--quiet');
    expect(JSON.parse(stdout)).toMatchObject({ transactions: 9835, rules: 410, itemsets: 13_492 });
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('antecedent,consequent,support,confidence,lift');
    expect(lines[1]).toMatch(/^liquor\|red\/blush wine,bottled beer,0\.00193187\d*,0\.904761\d*,11\.2352\d*$/);
    expect(lines).toHaveLength(411);
  });

  it('fails with exit code 1 and names the missing column', async () => {
    const failure = await guanxi('analytics', 'rfm', '--input', `${DATASETS}online-retail/online-retail.csv.gz`, '--customer-col', 'Customer',
      '--date-col', 'InvoiceDate', '--amount-col', 'UnitPrice', '--output', join(dir, 'x.csv'), '--quiet').then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/no column "Customer" \(given by --customer-col\)/);
  });
});

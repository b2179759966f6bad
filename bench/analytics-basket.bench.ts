/**
 * FP-Growth on UCI Online Retail (20,728 invoices with quantity > 0, items = StockCode) at supports 0.02 / 0.01 /
 * 0.005 and confidence 0.8: what `guanxi analytics basket` runs end to end (read the 7.6 MB csv.gz with DuckDB,
 * mine, write the rules as CSV), the mining alone, and the counts, which must be 353 / 1,840 / 16,352 itemsets.
 * Target: under 5 s. mlxtend (2.2–3.5 / 6–7.5 / 11–17 s per PEERS.md) is not installed here, so it is not same-run.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBasketFile, associationRules, fpGrowth, openDuckDb } from '../src/modules/analytics/index.ts';
import { readOrderBaskets } from '../src/modules/analytics/files/basket.files.ts';
import { inputRelation } from '../src/modules/analytics/files/table.io.ts';
import { flags, fmt, log, median, timeIt } from './lib/measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '.work');
const input = join(here, '..', '..', 'shared', 'datasets', 'online-retail', 'online-retail.csv.gz');
const EXPECTED: Record<string, number> = { '0.02': 353, '0.01': 1840, '0.005': 16_352 };

export async function run(args: string[]): Promise<void> {
  const runs = flags(args).num('runs', 5);
  mkdirSync(work, { recursive: true });
  const session = await openDuckDb();
  const read = await timeIt(() => readOrderBaskets(session, inputRelation(input), { order: 'InvoiceNo', item: 'StockCode', quantity: 'Quantity' }));
  session.close();
  const baskets = read.result;
  log(`read ${baskets.length} baskets in ${fmt(read.seconds)}`);
  for (const support of [0.02, 0.01, 0.005]) {
    const mine: number[] = [];
    const whole: number[] = [];
    let itemsets = 0;
    let rules = 0;
    for (let k = 0; k < runs; k++) {
      const m = await timeIt(() => {
        const frequent = fpGrowth(baskets, { minSupport: support });
        return { itemsets: frequent.itemsets.length, rules: associationRules(frequent, 0.8).length };
      });
      mine.push(m.seconds);
      itemsets = m.result.itemsets;
      rules = m.result.rules;
      const w = await timeIt(() =>
        analyzeBasketFile({
          input,
          output: join(work, `rules-${support}.csv`),
          format: 'lines',
          order: 'InvoiceNo',
          item: 'StockCode',
          quantity: 'Quantity',
          minSupport: support,
          minConfidence: 0.8,
        }),
      );
      whole.push(w.seconds);
    }
    const expected = EXPECTED[String(support)];
    log(
      `support ${support}: ${itemsets} itemsets (${itemsets === expected ? 'as expected' : `EXPECTED ${expected}`}), ${rules} rules at confidence 0.8 · ` +
        `median FP-Growth + rules ${fmt(median(mine))} · end to end (read csv.gz, mine, write CSV) ${fmt(median(whole))} (target < 5 s)`,
    );
  }
}

/**
 * `guanxi analytics rfm|clv|basket` — the analytics over CSV or Parquet files, needing no database. Results go to
 * --output; --json prints the fitted parameters or a summary on stdout; progress is drawn on stderr.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  analyzeBasketFile,
  analyzeClvFile,
  analyzeRfmFile,
  type LineColumns,
  type Progress,
} from '../../modules/analytics/index.ts';
import { registerAnalyticsExport } from './analytics-export.ts';

function number(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a number, got "${value}"`);
    return n;
  };
}

function date(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`expected a date YYYY-MM-DD (optionally with a time), got "${value}"`);
  }
  return value;
}

/** A stage bar on stderr when it is a terminal; plain stage lines otherwise (logs, CI). */
function stderrProgress(quiet: boolean): Progress {
  if (quiet) return { stage() {}, tick() {}, end() {} };
  if (!process.stderr.isTTY) {
    return { stage: (name) => process.stderr.write(`${name}…\n`), tick() {}, end() {} };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{stage} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    stage(name, total = 1) {
      if (started) bar.stop();
      bar.start(total, 0, { stage: name });
      started = true;
    },
    tick(done) {
      bar.update(done);
    },
    end() {
      if (started) bar.stop();
      started = false;
    },
  };
}

type LineFlags = {
  input: string;
  output: string;
  customerCol: string;
  dateCol: string;
  amountCol?: string;
  priceCol?: string;
  quantityCol?: string;
  orderCol?: string;
  dateFormat?: string;
  json?: boolean;
  quiet?: boolean;
};

function lineColumns(f: LineFlags): LineColumns {
  return {
    customer: f.customerCol,
    date: f.dateCol,
    ...(f.amountCol ? { amount: f.amountCol } : {}),
    ...(f.priceCol ? { price: f.priceCol } : {}),
    ...(f.quantityCol ? { quantity: f.quantityCol } : {}),
    ...(f.orderCol ? { order: f.orderCol } : {}),
    ...(f.dateFormat ? { dateFormat: f.dateFormat } : {}),
  };
}

function withLineOptions(command: Command, amountRequired: boolean): Command {
  return command
    .requiredOption('--input <file>', 'order lines: .csv, .csv.gz or .parquet')
    .requiredOption('--output <file>', 'result: .csv or .parquet')
    .option('--customer-col <name>', 'customer id column', 'customer_id')
    .option('--date-col <name>', 'purchase date or timestamp column', 'order_date')
    .option('--amount-col <name>', `line value column${amountRequired ? ' (or --price-col with --quantity-col)' : ''}`)
    .option('--price-col <name>', 'unit price column; the line value is price × quantity')
    .option('--quantity-col <name>', 'quantity column; lines with quantity ≤ 0 (returns) are dropped')
    .option('--order-col <name>', 'order id column; without it each distinct timestamp is one purchase')
    .option('--date-format <strptime>', 'format of text or integer dates, e.g. %Y%m%d or %d/%m/%Y %H:%M')
    .option('--json', 'print a summary / the fitted parameters as JSON on stdout')
    .option('--quiet', 'no progress on stderr');
}

function print(json: boolean | undefined, summary: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : `${human}\n`);
}

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command('analytics').description('RFM, lifetime value and basket rules over CSV or Parquet files; the analytics store as Parquet');
  registerAnalyticsExport(analytics);

  withLineOptions(analytics.command('rfm').description('recency, frequency, monetary value, NTILE(5) scores and segments per customer'), true)
    .option('--as-of <date>', 'snapshot date; purchases before it count (default: the day after the last purchase)', date)
    .addOption(new Option('--period <period>', 'history: one snapshot at the end of every week or month').choices(['week', 'month']))
    .action(async (f: LineFlags & { asOf?: string; period?: 'week' | 'month' }) => {
      if (!f.amountCol && !f.priceCol) throw new InvalidArgumentError('rfm needs --amount-col (or --price-col with --quantity-col)');
      const { rows, summary } = await analyzeRfmFile(
        {
          input: f.input,
          output: f.output,
          columns: lineColumns(f),
          ...(f.asOf ? { asOf: f.asOf } : {}),
          ...(f.period ? { period: f.period } : {}),
          summary: f.json === true,
        },
        stderrProgress(f.quiet === true),
      );
      print(f.json, summary, `${rows} ${f.period ? 'customer-period rows' : 'customers'} scored → ${f.output}`);
    });

  withLineOptions(analytics.command('clv').description('BG/NBD or Pareto/NBD + Gamma-Gamma: P(alive), expected purchases, CLV'), false)
    .addOption(new Option('--model <model>', 'purchase-count model').choices(['bgnbd', 'pareto']).default('bgnbd'))
    .option('--calibration-end <date>', 'end of the calibration period, inclusive (default: the last purchase)', date)
    .addOption(new Option('--period <unit>', 'model time unit').choices(['day', 'week', 'month']).default('day'))
    .option('--discount-rate <rate>', 'discount rate per month', number('--discount-rate'), 0.01)
    .option('--horizon <months>', 'CLV horizon in months', number('--horizon'), 12)
    .action(
      async (
        f: LineFlags & { model: 'bgnbd' | 'pareto'; calibrationEnd?: string; period: 'day' | 'week' | 'month'; discountRate: number; horizon: number },
      ) => {
        const summary = await analyzeClvFile(
          {
            input: f.input,
            output: f.output,
            columns: lineColumns(f),
            model: f.model,
            period: f.period,
            ...(f.calibrationEnd ? { calibrationEnd: f.calibrationEnd } : {}),
            discountRate: f.discountRate,
            horizonMonths: f.horizon,
          },
          stderrProgress(f.quiet === true),
        );
        const p = Object.entries(summary.params).map(([k, v]) => `${k}=${v.toPrecision(5)}`).join(' ');
        print(f.json, summary, `${summary.model} ${p} LL=${summary.logLikelihood.toFixed(2)}; ${summary.customers} customers → ${f.output}`);
      },
    );

  analytics
    .command('basket')
    .description('FP-Growth association rules: antecedent,consequent,support,confidence,lift (antecedent items joined by |)')
    .requiredOption('--input <file>', 'baskets (one a line, items separated by commas) or order lines (.csv, .parquet)')
    .requiredOption('--output <file>', 'rules: .csv or .parquet')
    .addOption(new Option('--format <format>', 'input layout').choices(['baskets', 'lines']).default('lines'))
    .option('--order-col <name>', 'order id column (order lines)')
    .option('--item-col <name>', 'item / product column (order lines)')
    .option('--quantity-col <name>', 'drop lines with quantity ≤ 0 (order lines)')
    .option('--min-support <ratio>', 'minimum support, a ratio of baskets', number('--min-support'), 0.01)
    .option('--min-confidence <ratio>', 'minimum confidence', number('--min-confidence'), 0.8)
    .option('--max-length <n>', 'largest itemset size', number('--max-length'))
    .option('--json', 'print a summary as JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .action(
      async (f: {
        input: string;
        output: string;
        format: 'baskets' | 'lines';
        orderCol?: string;
        itemCol?: string;
        quantityCol?: string;
        minSupport: number;
        minConfidence: number;
        maxLength?: number;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const summary = await analyzeBasketFile(
          {
            input: f.input,
            output: f.output,
            format: f.format,
            ...(f.orderCol ? { order: f.orderCol } : {}),
            ...(f.itemCol ? { item: f.itemCol } : {}),
            ...(f.quantityCol ? { quantity: f.quantityCol } : {}),
            minSupport: f.minSupport,
            minConfidence: f.minConfidence,
            ...(f.maxLength ? { maxLength: f.maxLength } : {}),
          },
          stderrProgress(f.quiet === true),
        );
        print(f.json, summary, `${summary.rules} rules from ${summary.itemsets} frequent itemsets of ${summary.transactions} baskets → ${f.output}`);
      },
    );
}

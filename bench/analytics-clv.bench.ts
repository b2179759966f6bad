/**
 * BG/NBD + Gamma-Gamma on 1,000,000 simulated customers (~2M purchases, sub-day timestamps, weeks): the whole
 * pipeline `guanxi analytics clv` runs — read Parquet and summarise in DuckDB, fit BG/NBD, fit Gamma-Gamma — and
 * how closely the fits recover the generating parameters. Target: under 30 s (lifetimes: ~20 s, PEERS.md; it is
 * not installed here, so that figure is not same-run). Same-run reference: lifetimes' optimiser (Nelder–Mead) on
 * our likelihood. Flags: --customers --runs.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bgNbdLogLikelihood, fitBgNbd, fitGammaGamma, openDuckDb, spendSummaries } from '../src/modules/analytics/index.ts';
import { nelderMead } from '../src/modules/analytics/models/optimize.math.ts';
import { readPurchaseSummaries } from '../src/modules/analytics/files/clv.files.ts';
import { loadColumns } from '../src/modules/analytics/files/table.io.ts';
import { flags, fmt, log, median, timeIt } from './lib/measure.ts';
import { beta, exponential, gamma, rng } from './lib/random.ts';

const work = join(dirname(fileURLToPath(import.meta.url)), '.work');
// CDNOW-like truth (weeks): Fader, Hardie & Lee 2005 and the Gamma-Gamma note.
const TRUTH = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258, p: 6.2488, q: 3.7446, gamma: 15.448 };
const WEEK_MS = 7 * 86_400_000;
const START = Date.UTC(2025, 0, 1);
const CALIBRATION_WEEKS = 39;

/** Lifetimes' generator: first purchase in the first 12 weeks, dropout possible after each repeat purchase. */
async function simulate(path: string, customers: number): Promise<number> {
  const u = rng(20_261_123);
  const ids: string[] = [];
  const at: number[] = [];
  const amount: number[] = [];
  for (let c = 0; c < customers; c++) {
    const id = `C${String(c).padStart(7, '0')}`;
    const first = u() * 12;
    const T = CALIBRATION_WEEKS - first;
    const lambda = gamma(u, TRUTH.r, TRUTH.alpha);
    const p = beta(u, TRUTH.a, TRUTH.b);
    const nu = gamma(u, TRUTH.q, TRUTH.gamma);
    const times = [0];
    let t = exponential(u, lambda);
    let alive = true;
    while (t < T && alive) {
      times.push(t);
      t += exponential(u, lambda);
      alive = u() > p;
    }
    for (const time of times) {
      ids.push(id);
      at.push(START + (first + time) * WEEK_MS);
      amount.push(gamma(u, TRUTH.p, nu));
    }
  }
  const s = await openDuckDb();
  try {
    await loadColumns(s, 'sim', [
      { name: 'customer_id', type: 'text', values: ids },
      { name: 'epoch_ms', type: 'double', values: at },
      { name: 'amount', type: 'double', values: amount },
    ]);
    await s.connection.run(
      `COPY (SELECT customer_id, make_timestamp(CAST(epoch_ms * 1000 AS BIGINT)) AS order_ts, amount FROM sim) TO '${path}' (FORMAT parquet)`,
    );
  } finally {
    s.close();
  }
  return ids.length;
}

const pct = (fit: number, truth: number) => `${(((fit - truth) / truth) * 100).toFixed(2)} %`;

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const customers = f.num('customers', 1_000_000);
  const runs = f.num('runs', 3);
  mkdirSync(work, { recursive: true });
  const input = join(work, `clv-sim-${customers}.parquet`);
  if (!existsSync(input)) {
    const g = await timeIt(() => simulate(input, customers));
    log(`simulated ${customers} customers, ${g.result} purchases → ${input} in ${fmt(g.seconds)}`);
  }
  const end = new Date(START + CALIBRATION_WEEKS * WEEK_MS).toISOString().replace('T', ' ').replace('Z', '');
  const totals: number[] = [];
  for (let k = 0; k < runs; k++) {
    const session = await openDuckDb();
    try {
      const read = await timeIt(async () => {
        const relation = `read_parquet('${input}')`;
        const types = new Map([['customer_id', 'VARCHAR'], ['order_ts', 'TIMESTAMP'], ['amount', 'DOUBLE']]);
        return readPurchaseSummaries(session, relation, types, { customer: 'customer_id', date: 'order_ts', amount: 'amount' }, 'week', end);
      });
      const s = read.result;
      const bg = await timeIt(() => fitBgNbd(s));
      const gg = await timeIt(() => fitGammaGamma(spendSummaries(s.frequency, s.monetary)));
      const total = read.seconds + bg.seconds + gg.seconds;
      totals.push(total);
      log(`run ${k + 1}: read + summary ${fmt(read.seconds)} · BG/NBD ${fmt(bg.seconds)} (${bg.result.iterations} iterations) · Gamma-Gamma ${fmt(gg.seconds)} · total ${fmt(total)}`);
      if (k === 0) {
        // Same-run reference: lifetimes' own method — Nelder–Mead on the log-likelihood, no gradient — over the same
        // summaries and the same likelihood code, so the difference is the optimiser alone.
        const n = s.frequency.length;
        const nm = await timeIt(() =>
          nelderMead((theta) => {
            const [r = 0, alpha = 0, a = 0, b = 0] = theta.map(Math.exp);
            return -bgNbdLogLikelihood({ r, alpha, a, b }, s).value / n;
          }, [0, 0, 0, 0], { tolerance: 1e-10 }),
        );
        const [nr = 0, na = 0, naa = 0, nb = 0] = nm.result.x.map(Math.exp);
        log(
          `reference, Nelder–Mead (lifetimes' method) on the same likelihood: ${fmt(nm.seconds)}, ${nm.result.evaluations} evaluations, ` +
            `r ${nr.toFixed(4)} α ${na.toFixed(4)} a ${naa.toFixed(4)} b ${nb.toFixed(4)}, LL ${(-nm.result.value * n).toFixed(2)} vs ours ${bg.result.logLikelihood.toFixed(2)} ` +
            `— BFGS is ${(nm.seconds / bg.seconds).toFixed(1)}× faster`,
        );
        const b = bg.result.params;
        const g = gg.result.params;
        log(`customers ${s.customerIds.length}; BG/NBD r ${b.r.toFixed(4)} (${pct(b.r, TRUTH.r)}) α ${b.alpha.toFixed(4)} (${pct(b.alpha, TRUTH.alpha)}) a ${b.a.toFixed(4)} (${pct(b.a, TRUTH.a)}) b ${b.b.toFixed(4)} (${pct(b.b, TRUTH.b)})`);
        log(`Gamma-Gamma on ${gg.result.customers}: p ${g.p.toFixed(4)} (${pct(g.p, TRUTH.p)}) q ${g.q.toFixed(4)} (${pct(g.q, TRUTH.q)}) γ ${g.gamma.toFixed(4)} (${pct(g.gamma, TRUTH.gamma)})`);
      }
    } finally {
      session.close();
    }
  }
  log(`median total ${fmt(median(totals))} (target < 30 s; lifetimes 0.11.3 on this kind of machine ≈ 20 s per PEERS.md, not same-run)`);
}

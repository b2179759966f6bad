/**
 * HTTP under load (autocannon, 50 connections): GET a person by id through the full app vs a bare Fastify + pg
 * endpoint on the same PostgreSQL database, in the same run; then the search box on N people (default 1,000,000):
 * latency percentiles one request at a time, and throughput under load.
 *   npm run bench -- http [--people 1000000] [--duration 10] [--rounds 3] [--url postgres://… (reuse a seeded database)]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import * as OpenCC from 'opencc-js';
import { migrationSources } from '../src/app/modules.ts';
import { createServices } from '../src/app/server.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { flags, log, median } from './lib/measure.ts';
import { seedPeople, type SeededPerson } from './lib/people-seed.ts';
import { startPgServer } from './lib/pg-server.ts';
import { namePinyin } from '../src/kernel/chinese/name.ts';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

type Load = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

async function load(url: string, paths: string[], headers: Record<string, string>, seconds: number): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length] as string }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

function queriesFor(sample: SeededPerson[]): Array<{ kind: string; q: string }> {
  return sample.flatMap((p) => {
    const py = namePinyin(p.name);
    return [
      { kind: 'name', q: p.name },
      { kind: 'traditional', q: toTraditional(p.name) },
      { kind: 'pinyin', q: py.full },
      { kind: 'initials', q: py.initials },
      { kind: 'phone', q: `${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}` },
      { kind: 'phone-tail', q: p.mobile.slice(-6) },
      { kind: 'email', q: p.email },
    ];
  });
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const people = f.num('people', 1_000_000);
  const seconds = f.num('duration', 10);
  const rounds = f.num('rounds', 3);
  log(`# http bench — ${people.toLocaleString('en')} people, autocannon 50 connections, ${seconds} s × ${rounds} rounds each`);
  // --url reuses a database seeded by an earlier run (seeding 1M people takes minutes); otherwise a fresh server.
  const reuse = f.str('url');
  const server = reuse ? { url: reuse, stop: async () => undefined } : await startPgServer({ settings: { shared_buffers: "'2GB'", max_connections: '200' } });
  const child = { proc: undefined as ReturnType<typeof spawn> | undefined };
  try {
    const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 4 });
    await migrate(database, migrationSources);
    const config = loadConfig({ databaseUrl: server.url }, {});
    const services = createServices(database, config);
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    if (!(await services.access.findUserByEmail('bench@example.com'))) {
      await services.access.createUser(ctx, { email: 'bench@example.com', displayName: 'bench', password: 'bench-password-1', isAdmin: true });
    }
    const { token } = await services.access.createApiTokenForEmail('bench@example.com', 'bench');
    const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(database.db);
    let sample: SeededPerson[];
    if (reuse && (existing.rows[0]?.n ?? 0) >= people) {
      const { rows } = await sql<{ id: string; name: string; phones: Array<{ original: string }>; emails: Array<{ address: string }> }>`SELECT id, name, phones, emails FROM people TABLESAMPLE SYSTEM (1) LIMIT 2000`.execute(database.db);
      sample = rows.map((r) => ({ id: r.id, name: r.name, mobile: r.phones[0]?.original ?? '13800138000', email: r.emails[0]?.address ?? 'x@example.com' }));
      log(`reusing ${existing.rows[0]?.n.toLocaleString('en')} people already in the database`);
    } else {
      const started = Date.now();
      const seeded = await seedPeople(server.url, DEFAULT_TENANT_ID, people, (done) => process.stderr.write(`\rseeding ${done.toLocaleString('en')} / ${people.toLocaleString('en')}`));
      process.stderr.write('\n');
      sample = seeded.sample;
      log(`seeded ${people.toLocaleString('en')} people and ${seeded.terms.toLocaleString('en')} search terms in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await database.close();

    const port = 31000 + Math.floor(Math.random() * 2000);
    child.proc = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/http-target.ts', server.url, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.proc.stdout!, 'data');
    const ours = `http://127.0.0.1:${port}`;
    const bare = `http://127.0.0.1:${port + 1}`;
    const auth = { authorization: `Bearer ${token}` };

    const idPaths = sample.map((p) => p.id);
    await load(ours, idPaths.map((id) => `/api/v1/people/${id}`), auth, 2); // warm-up
    await load(bare, idPaths.map((id) => `/people/${id}`), {}, 2);
    const oursRuns: Load[] = [];
    const bareRuns: Load[] = [];
    for (let r = 0; r < rounds; r++) {
      oursRuns.push(await load(ours, idPaths.map((id) => `/api/v1/people/${id}`), auth, seconds));
      bareRuns.push(await load(bare, idPaths.map((id) => `/people/${id}`), {}, seconds));
    }
    const oursRps = median(oursRuns.map((x) => x.rps));
    const bareRps = median(bareRuns.map((x) => x.rps));
    log(`GET /people/:id  ours ${oursRps.toFixed(0)} req/s (p50 ${median(oursRuns.map((x) => x.p50))} ms, p99 ${median(oursRuns.map((x) => x.p99))} ms, non-2xx ${oursRuns.reduce((s, x) => s + x.non2xx, 0)})`);
    log(`                 bare Fastify+pg ${bareRps.toFixed(0)} req/s (p50 ${median(bareRuns.map((x) => x.p50))} ms, p99 ${median(bareRuns.map((x) => x.p99))} ms)`);
    log(`                 ratio ours/bare ${(oursRps / bareRps).toFixed(2)}`);

    const queries = queriesFor(sample.slice(0, 300));
    const latencies = new Map<string, number[]>();
    for (const { kind, q } of queries) {
      const t0 = performance.now();
      const response = await fetch(`${ours}/api/v1/people/search?q=${encodeURIComponent(q)}&limit=10`, { headers: auth });
      await response.arrayBuffer();
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`search ${q} answered ${response.status}`);
      latencies.set(kind, [...(latencies.get(kind) ?? []), ms]);
    }
    const all = [...latencies.values()].flat();
    log(`search, one at a time (${all.length} queries): p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms`);
    for (const [kind, values] of latencies) log(`  ${kind.padEnd(12)} p50 ${pct(values, 50).toFixed(1)} ms  p95 ${pct(values, 95).toFixed(1)} ms`);
    const searchPaths = queries.map(({ q }) => `/api/v1/people/search?q=${encodeURIComponent(q)}&limit=10`);
    const searchLoad = await load(ours, searchPaths, auth, seconds);
    log(`search under load (50 connections): ${searchLoad.rps.toFixed(0)} req/s, p50 ${searchLoad.p50} ms, p99 ${searchLoad.p99} ms, non-2xx ${searchLoad.non2xx}`);
  } finally {
    child.proc?.kill('SIGTERM');
    if (child.proc) await once(child.proc, 'exit').catch(() => undefined);
    await server.stop();
  }
}

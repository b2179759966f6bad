/**
 * Real-time matching at scale: a record arriving through the API matched against 1,000,000 existing customers on
 * PostgreSQL 15, before it is saved (`POST /api/v1/identity/match`), and a person created through the API, whose
 * create hook matches it and queues a likely duplicate (`POST /api/v1/people`). Half the probes are existing
 * customers written differently (phone formatted, e-mail missing), half are new people.
 * Same-run reference: a primary-key read of one person over the same pool (the floor of any request).
 *   npm run bench -- identity-realtime [--people 1000000] [--probes 500]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildServer } from '../src/app/server.ts';
import { migrationSources } from '../src/app/modules.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { generateChineseRecords } from '../src/modules/identity/index.ts';
import { flags, log } from './lib/measure.ts';
import { seedPeople } from './lib/people-seed.ts';
import { startPgServer } from './lib/pg-server.ts';

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms (n=${sorted.length})`;
}

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const count = f.num('people', 1_000_000);
  const probes = f.num('probes', 500);
  const server = await startPgServer({ settings: { shared_buffers: '1GB' } });
  try {
    const migrating = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 1 });
    await migrate(migrating, migrationSources);
    await migrating.close();
    const seedStart = performance.now();
    const { sample } = await seedPeople(server.url, DEFAULT_TENANT_ID, count, (done) => {
      if (done % 200_000 < 20_000) log(`  seeded ${done.toLocaleString('en')} people`);
    });
    log(`identity-realtime: ${count.toLocaleString('en')} people seeded with COPY in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);

    const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 8 });
    const config = { ...loadConfig({}, {}), databaseUrl: server.url, eventPollMs: 0, analyticsPollMs: 0, analyticsPath: '' };
    const { app, services } = await buildServer(database, config, false);
    await app.ready();
    const system = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    const admin = await services.access.createUser(system, { email: 'bench@example.com', displayName: 'bench', password: 'correct horse battery', isAdmin: true });
    const { token } = await services.access.createApiTokenForEmail(admin.email, 'bench');
    const headers = { authorization: `Bearer ${token}` };

    // The tenant's index is built once per process, on the first match (every live person read from PostgreSQL).
    const heapBefore = process.memoryUsage().rss;
    const warmStart = performance.now();
    await services.identity.match({ ...system, userId: admin.id }, { name: '预热' }, { limit: 1 });
    log(`  index warm-up (read ${count.toLocaleString('en')} people, build the index): ${((performance.now() - warmStart) / 1000).toFixed(1)} s, RSS +${((process.memoryUsage().rss - heapBefore) / 2 ** 30).toFixed(2)} GiB`);

    const fresh = [...generateChineseRecords({ records: probes, seed: 99 })];
    const inputs = Array.from({ length: probes }, (_, k) => {
      const known = sample[k % sample.length];
      if (k % 2 === 0 && known) return { kind: 'existing', record: { name: known.name, mobile: `+86 ${known.mobile.slice(0, 3)}-${known.mobile.slice(3, 7)}-${known.mobile.slice(7)}` } };
      const r = fresh[k] ?? fresh[0];
      return { kind: 'new', record: { name: r?.name ?? '新客户', mobile: r?.phone.split(';')[0] || undefined, email: r?.email || undefined, address: r?.address || undefined, birthDate: r?.birth_date || undefined } };
    });

    const matchTimes: number[] = [];
    let found = 0;
    for (const input of inputs) {
      const start = performance.now();
      const response = await app.inject({ method: 'POST', url: '/api/v1/identity/match', headers, payload: { record: input.record, limit: 5 } });
      matchTimes.push(performance.now() - start);
      if (response.statusCode !== 200) throw new Error(`match answered ${response.statusCode}: ${response.body}`);
      if (input.kind === 'existing' && (response.json() as { decision: string }).decision !== 'new') found++;
    }
    log(`  POST /identity/match before saving, against ${count.toLocaleString('en')} customers: ${percentiles(matchTimes)}; existing customers recognised ${found}/${Math.ceil(probes / 2)}`);

    const createTimes: number[] = [];
    for (const input of inputs.slice(0, Math.min(200, probes))) {
      const body = { name: input.record.name, ...(input.record.mobile ? { phones: [{ number: input.record.mobile }] } : {}) };
      const start = performance.now();
      const response = await app.inject({ method: 'POST', url: '/api/v1/people', headers, payload: body });
      createTimes.push(performance.now() - start);
      if (response.statusCode !== 201) throw new Error(`create answered ${response.statusCode}: ${response.body}`);
    }
    log(`  POST /people (saved, matched by the create hook, likely duplicates queued): ${percentiles(createTimes)}`);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const refTimes: number[] = [];
    for (let k = 0; k < probes; k++) {
      const person = sample[k % sample.length];
      const start = performance.now();
      await client.query('SELECT id, name, phones FROM people WHERE tenant_id = $1 AND id = $2', [DEFAULT_TENANT_ID, person?.id]);
      refTimes.push(performance.now() - start);
    }
    await client.end();
    log(`  reference, one person by primary key (plain pg client): ${percentiles(refTimes)}`);
    await app.close();
    await database.close();
  } finally {
    await server.stop();
  }
}

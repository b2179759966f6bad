/**
 * The customer timeline on PostgreSQL 15: one customer with N events (default 10,000) among M events of other
 * customers (default 100,000), projected by the outbox consumer; then GET /people/{id}/timeline through the full
 * app (inject, one request at a time: auth, subject check, consumer catch-up, page query, serialisation) against
 * the bare page query on a pg client in the same run.
 *   npm run bench -- timeline [--events 10000] [--others 100000] [--requests 300]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { buildServer } from '../src/app/server.ts';
import { migrationSources } from '../src/app/modules.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { flags, log, timeIt } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const events = f.num('events', 10_000);
  const others = f.num('others', 100_000);
  const requests = f.num('requests', 300);
  const server = await startPgServer();
  try {
    const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 4 });
    await migrate(database, migrationSources);
    const config = { ...loadConfig({}, {}), databaseUrl: server.url, eventPollMs: 0, logLevel: 'silent' as const };
    const { app, services } = await buildServer(database, config, false);
    await app.ready();
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    await services.access.createUser(ctx, { email: 'bench@example.com', displayName: 'bench', password: 'bench-password-1', isAdmin: true });
    const { token } = await services.access.createApiTokenForEmail('bench@example.com', 'bench');
    const person = await services.directory.people.create(ctx, { name: '王大伟' });

    // Other customers' history first (the customer's events are interleaved among them by time, not by seq).
    const seeded = await timeIt(async () => {
      for (let done = 0; done < others; done += 10_000) {
        await sql`
          INSERT INTO events (tenant_id, id, type, aggregate_type, aggregate_id, payload, occurred_at)
          SELECT ${DEFAULT_TENANT_ID}::uuid, gen_random_uuid(), 'bench.order.created', 'order', gen_random_uuid(),
                 jsonb_build_object('subjects', jsonb_build_array(jsonb_build_object('type', 'person', 'id', gen_random_uuid()::text)), 'summary', 'other #' || g),
                 now() - (g * interval '17 minutes')
          FROM generate_series(1, ${Math.min(10_000, others - done)}) AS g`.execute(database.db);
      }
      await sql`
        INSERT INTO events (tenant_id, id, type, aggregate_type, aggregate_id, payload, occurred_at)
        SELECT ${DEFAULT_TENANT_ID}::uuid, gen_random_uuid(), 'bench.' || k || '.created', k, gen_random_uuid(),
               jsonb_build_object('subjects', jsonb_build_array(jsonb_build_object('type', 'person', 'id', ${person.id}::text)), 'summary', k || ' #' || g),
               now() - (g * interval '150 minutes')
        FROM generate_series(1, ${events}) AS g,
             LATERAL (SELECT (ARRAY['interaction', 'order', 'opportunity', 'task', 'receivable'])[1 + g % 5] AS k) AS kinds`.execute(database.db);
    });
    const projected = await timeIt(() => services.engagement.timeline.catchUp());
    await sql`ANALYZE`.execute(database.db);
    log(`timeline bench: 1 customer with ${events} events among ${others} others' events (PostgreSQL 15, ${requests} requests per case)`);
    log(`  seeded events in ${seeded.seconds.toFixed(1)} s; consumer projected ${projected.result} events in ${projected.seconds.toFixed(1)} s (${Math.round(projected.result / projected.seconds)} events/s)`);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const firstPage = await app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/timeline?limit=50`, headers: { authorization: `Bearer ${token}` } });
    const cursor = (firstPage.json() as { nextCursor: string }).nextCursor;
    // A cursor about half-way through the history, to show that deep pages cost the same as the first.
    const deep = await client.query<{ occurred_at: Date; seq: string; event_id: string }>('SELECT occurred_at, seq, event_id FROM timeline_entries WHERE tenant_id = $1 AND subject_id = $2 ORDER BY occurred_at DESC, seq DESC OFFSET $3 LIMIT 1', [DEFAULT_TENANT_ID, person.id, Math.floor(events / 2)]);
    const deepRow = deep.rows[0];
    const deepCursor = deepRow ? Buffer.from(JSON.stringify([`${deepRow.occurred_at.toISOString()}|${deepRow.seq}`, deepRow.event_id])).toString('base64url') : cursor;
    const cases: Array<{ name: string; url: string; sql: string; params: unknown[] }> = [
      { name: 'first page (50)', url: '?limit=50', sql: 'SELECT * FROM timeline_entries WHERE tenant_id = $1 AND subject_id = $2 ORDER BY occurred_at DESC, seq DESC LIMIT 51', params: [] },
      { name: 'deep page (50, cursor half-way)', url: `?limit=50&cursor=${deepCursor}`, sql: 'SELECT * FROM timeline_entries WHERE tenant_id = $1 AND subject_id = $2 AND (occurred_at, seq) < ($3, $4::bigint) ORDER BY occurred_at DESC, seq DESC LIMIT 51', params: [deepRow?.occurred_at, deepRow?.seq] },
      { name: 'kind=interaction,order', url: '?limit=50&kind=interaction&kind=order', sql: "SELECT * FROM timeline_entries WHERE tenant_id = $1 AND subject_id = $2 AND kind IN ('interaction', 'order') ORDER BY occurred_at DESC, seq DESC LIMIT 51", params: [] },
      { name: 'date range (one year ago, 30 days)', url: `?limit=50&from=${new Date(Date.now() - 395 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}`, sql: 'SELECT * FROM timeline_entries WHERE tenant_id = $1 AND subject_id = $2 AND occurred_at >= $3 AND occurred_at < $4 ORDER BY occurred_at DESC, seq DESC LIMIT 51', params: [new Date(Date.now() - 395 * 86_400_000), new Date(Date.now() - 364 * 86_400_000)] },
    ];
    log('  case                                  app p50    app p95    bare SQL p50  bare SQL p95   items');
    for (const c of cases) {
      const appTimes: number[] = [];
      const sqlTimes: number[] = [];
      let items = 0;
      for (let i = 0; i < requests; i++) {
        let start = performance.now();
        const response = await app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/timeline${c.url}`, headers: { authorization: `Bearer ${token}` } });
        appTimes.push(performance.now() - start);
        if (response.statusCode !== 200) throw new Error(`${c.name}: ${response.statusCode} ${response.body}`);
        items = (response.json() as { items: unknown[] }).items.length;
        start = performance.now();
        await client.query(c.sql, [DEFAULT_TENANT_ID, person.id, ...c.params]);
        sqlTimes.push(performance.now() - start);
      }
      log(`  ${c.name.padEnd(36)} ${ms(pct(appTimes, 50)).padStart(9)}  ${ms(pct(appTimes, 95)).padStart(9)}  ${ms(pct(sqlTimes, 50)).padStart(12)}  ${ms(pct(sqlTimes, 95)).padStart(12)}   ${items}`);
    }
    await client.end();
    await app.close();
    await database.close();
  } finally {
    await server.stop();
  }
}

/**
 * `guanxi import people` on PostgreSQL 15: N synthetic Chinese customer records (default 20,000; duplicates,
 * 简/繁, pinyin, phone formats, households — the identity generator), imported through the identity service with
 * matching on (every row scored against the tenant index; new people created through the directory service).
 * Reported beside it in the same run: the matching alone (normalise + score + add, no database) and a re-run of
 * the same file (everything already imported: the idempotence path).
 *   npm run bench -- identity-import [--rows 20000] [--batch 1000]
 */
import { performance } from 'node:perf_hooks';
import { createServices } from '../src/app/server.ts';
import { migrationSources } from '../src/app/modules.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { chinesePersonDefaultParams, chinesePersonSpec, fileOfBuffer, generateChineseRecords, IdentityIndex, rescalePrior } from '../src/modules/identity/index.ts';
import { matcherRecord, normaliseTouchpoint } from '../src/modules/identity/touchpoint.normalise.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flags, linuxCpuSeconds, log } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const rows = f.num('rows', 20_000);
  const batchSize = f.num('batch', 1000);
  const records = [...generateChineseRecords({ records: rows, seed: 2026 })];
  const lines = ['name,phone,email,address,birth_date,company', ...records.map((r) => [r.name, r.phone, r.email, r.address, r.birth_date, r.company].map(csvCell).join(','))];
  const content = Buffer.from(lines.join('\n'));
  log(`identity-import: ${rows} synthetic records (${(content.length / 1e6).toFixed(1)} MB CSV), ${new Set(records.map((r) => r.entity_id)).size} true people; batch ${batchSize}`);

  // Matching alone: what the import does per row minus the database.
  const index = new IdentityIndex(chinesePersonSpec, rescalePrior(chinesePersonDefaultParams, rows));
  const matchStart = performance.now();
  const matchCpu = process.cpuUsage();
  for (const r of records) {
    const { value } = normaliseTouchpoint({ name: r.name, phone: r.phone, email: r.email, address: r.address, birthDate: r.birth_date, company: r.company }, 'CN');
    const record = matcherRecord(value);
    index.score(record, 0.5);
    index.add(record);
  }
  const matchSeconds = (performance.now() - matchStart) / 1000;
  const matchCpuSeconds = (process.cpuUsage(matchCpu).user + process.cpuUsage(matchCpu).system) / 1e6;
  log(`  matching only (normalise + score + add, in memory): ${(rows / matchSeconds).toFixed(0)} rows/s wall, ${(rows / matchCpuSeconds).toFixed(0)} rows per CPU second`);

  const server = await startPgServer();
  try {
    const migrating = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 1 });
    await migrate(migrating, migrationSources);
    await migrating.close();
    // PostgreSQL's CPU: its backends are reaped by the postmaster when the pool closes (cutime + cstime).
    const postmasterPid = Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pgBefore = linuxCpuSeconds(postmasterPid, true);
    const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 8 });
    const config = { ...loadConfig({}, {}), databaseUrl: server.url, eventPollMs: 0 };
    const services = createServices(database, config);
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    const file = fileOfBuffer('bench.csv', content);
    // CPU seconds of this process beside wall time: on a shared, loaded machine wall time alone says little.
    const cpuBefore = process.cpuUsage();
    const first = await services.identity.importPeople(ctx, file, { source: 'import', batchSize });
    const cpu = process.cpuUsage(cpuBefore);
    log(`  import, matching on, PostgreSQL 15: ${first.rowsRead} rows in ${first.seconds.toFixed(2)} s = ${(first.rowsRead / first.seconds).toFixed(0)} rows/s, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in node` +
      ` (${first.created} new people, ${first.matched} linked, ${first.review} for review, ${first.rejectedCount} rejected)`);
    const again = await services.identity.importPeople(ctx, file, { source: 'import', batchSize });
    log(`  same file again (all skipped): ${(again.rowsRead / again.seconds).toFixed(0)} rows/s (${again.skipped} skipped, ${again.created} new)`);
    // Real time on the same tenant: POST /identity/match's service call (outbox catch-up, score, visibility query).
    const probes = [...generateChineseRecords({ records: 500, seed: 7 })];
    const times: number[] = [];
    for (const r of probes) {
      const start = performance.now();
      await services.identity.match(ctx, { name: r.name, phone: r.phone, email: r.email, address: r.address, birthDate: r.birth_date, company: r.company }, { limit: 5 });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
    log(`  match one record against the ${first.created} people (service call, 500 probes): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
    if (first.rejected.length) log(`  first rejections: ${first.rejected.slice(0, 3).map((r) => `line ${r.line}: ${r.reason}`).join(' | ')}`);
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    log(`  PostgreSQL CPU for both runs (import + re-run): ${(linuxCpuSeconds(postmasterPid, true) - pgBefore).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
}

/**
 * What the tamper-evident audit trail costs writers: people created through the directory service (8 writers in
 * parallel) with the hash-chain sealer running beside them, against the same writes with sealing off — same
 * PostgreSQL server, same run, alternating rounds. Also: how fast the sealer chains a backlog, and verifies it.
 *   npm run bench -- audit [--writes 3000] [--rounds 3]
 */
import { migrationSources } from '../src/app/modules.ts';
import { createServices } from '../src/app/server.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { flags, log, median, timeIt } from './lib/measure.ts';
import { startPgServer } from './lib/pg-server.ts';

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const writes = f.num('writes', 3000);
  const rounds = f.num('rounds', 3);
  const server = await startPgServer();
  try {
    const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 10 });
    await migrate(database, migrationSources);
    const services = createServices(database, loadConfig({ databaseUrl: server.url }, {}));
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    let n = 0;
    const burst = async () => {
      let next = 0;
      const worker = async () => {
        while (next < writes) {
          next++;
          n++;
          await services.directory.people.create(ctx, { name: `审计${n}`, phones: [{ number: `139${String(n).padStart(8, '0')}` }] });
        }
      };
      return (await timeIt(() => Promise.all(Array.from({ length: 8 }, worker)))).seconds;
    };
    await burst(); // warm-up
    await services.audit.seal();
    const plain: number[] = [];
    const sealed: number[] = [];
    for (let r = 0; r < rounds; r++) {
      plain.push(writes / (await burst()));
      const stop = services.audit.startSealing(200, (error) => log(`sealer failed: ${String(error)}`));
      sealed.push(writes / (await burst()));
      await stop();
    }
    const pending = await timeIt(() => services.audit.seal());
    const verify = await timeIt(() => services.audit.verify());
    log(`# audit bench — ${writes} person creates × ${rounds} rounds, 8 writers, PostgreSQL 15`);
    log(`writes/s without sealing: median ${median(plain).toFixed(0)} (${plain.map((x) => x.toFixed(0)).join(', ')})`);
    log(`writes/s with the sealer running every 200 ms: median ${median(sealed).toFixed(0)} (${sealed.map((x) => x.toFixed(0)).join(', ')})`);
    log(`cost of the audit trail: ${((1 - median(sealed) / median(plain)) * 100).toFixed(1)} % of write throughput`);
    log(`sealing the remaining backlog of ${pending.result} events: ${pending.seconds.toFixed(2)} s; verifying ${verify.result.checked} links: ${verify.seconds.toFixed(2)} s (${(verify.result.checked / verify.seconds).toFixed(0)} links/s), ok=${verify.result.ok}`);
    await database.close();
  } finally {
    await server.stop();
  }
}

/** `guanxi audit verify` — seal what is pending, then check every link of the hash chain. */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  withDatabaseFlags(audit.command('verify').description('verify the hash chain; exits 1 and names the first broken entry if anything was altered')).action(async (flags: DatabaseFlags) => {
    const config = configFrom(flags);
    const database = await openConfiguredDatabase(config);
    const bar = new SingleBar({ format: 'verifying [{bar}] {value} entries', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
    try {
      await migrateDatabase(database);
      const { audit: service } = createServices(database, config);
      const sealed = await service.seal();
      bar.start(0, 0);
      const report = await service.verify((n) => {
        bar.setTotal(n);
        bar.update(n);
      });
      bar.stop();
      if (report.ok) {
        process.stderr.write(`audit trail intact: ${report.checked} entries verified (${sealed} newly sealed)\n`);
      } else {
        process.stderr.write(`AUDIT TRAIL BROKEN at position ${report.problem?.chainPos} (event ${report.problem?.eventId ?? 'missing'}): ${report.problem?.reason}\n`);
        process.exitCode = 1;
      }
    } finally {
      bar.stop();
      await database.close();
    }
  });
}

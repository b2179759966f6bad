/**
 * `guanxi import people FILE` — people from CSV (UTF-8 or GBK) or Excel, streaming, every row matched against the
 * existing customers; progress on stderr; rejected rows written next to the input as FILE.rejected.csv.
 * Killed at any point and run again with the same file and source: nothing twice, nothing lost.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Transform } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_TENANT_ID } from '../../kernel/context.ts';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { DEFAULT_THRESHOLDS } from '../../modules/identity/index.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

type Flags = DatabaseFlags & { source: string; mapping?: string; linkThreshold: number; reviewThreshold: number; batchSize: number; owner?: string };

const probability = (label: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${label}: a probability from 0 to 1`);
  return n;
};

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function headOf(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

export function registerImportPeople(program: Command): void {
  // `guanxi import` may already exist (orders); people is one more sub-command of it.
  const parent = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import data from files');
  withDatabaseFlags(parent.command('people <file>').description('import people (.csv UTF-8/GBK or .xlsx), matched against existing customers; resumable and idempotent'))
    .option('--source <name>', 'where the records come from: import, dealer:<name>, …', 'import')
    .option('--mapping <pairs>', 'column=field,… for headers not recognised (fields: name, mobile, phone, email, address, company, birthDate, gender, wechat)')
    .option('--link-threshold <p>', 'at or above: linked to the existing person', probability('--link-threshold'), DEFAULT_THRESHOLDS.link)
    .option('--review-threshold <p>', 'at or above (below link): new person plus a review-queue pair', probability('--review-threshold'), DEFAULT_THRESHOLDS.review)
    .option('--batch-size <n>', 'rows per batch', (v) => Math.max(1, Math.min(20_000, Number(v) || 1000)), 1000)
    .option('--owner <email>', 'user recorded as the importer and owner of new people')
    .action(async (file: string, flags: Flags) => {
      if (flags.source.length > 80) throw new Error('--source: at most 80 characters');
      const size = statSync(file).size;
      const contentHash = await sha256Of(file);
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      // Progress by bytes read: the row count is unknown until the end of a streamed file.
      const bar = new SingleBar({ format: 'import people [{bar}] {percentage}% | {rows} rows | {speed} rows/s | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
      try {
        await migrateDatabase(database);
        const services = createServices(database, config);
        const owner = flags.owner ? await services.access.findUserByEmail(flags.owner) : undefined;
        if (flags.owner && !owner) throw new Error(`--owner: no user with e-mail ${flags.owner}`);
        let bytes = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done(null, chunk);
          },
        });
        const started = performance.now();
        bar.start(size, 0, { rows: 0, speed: 0 });
        const report = await services.identity.importPeople(
          { tenantId: owner?.tenantId ?? DEFAULT_TENANT_ID, userId: owner?.id, requestId: undefined },
          { fileName: file, head: headOf(file), contentHash, open: () => createReadStream(file).pipe(counter) },
          {
            source: flags.source,
            ...(flags.mapping ? { mapping: flags.mapping } : {}),
            thresholds: { link: flags.linkThreshold, review: flags.reviewThreshold },
            batchSize: flags.batchSize,
            onProgress: (rows) => bar.update(bytes, { rows, speed: Math.round(rows / ((performance.now() - started) / 1000)) }),
          },
        );
        bar.update(size, { rows: report.rowsRead });
        bar.stop();
        const rejectedFile = `${file}.rejected.csv`;
        if (report.rejectedCount > 0) writeFileSync(rejectedFile, stringify(report.rejected, { header: true, columns: ['line', 'reason'] }));
        else rmSync(rejectedFile, { force: true });
        process.stderr.write(
          `${report.rowsRead} rows in ${report.seconds}s: ${report.created} new people, ${report.matched} linked to existing, ${report.review} for review, ${report.skipped} already imported, ${report.rejectedCount} rejected` +
            `${report.rejectedCount ? ` (see ${rejectedFile}${report.rejectedCount > report.rejected.length ? `, first ${report.rejected.length}` : ''})` : ''}\n`,
        );
        for (const r of report.rejected.slice(0, 10)) process.stderr.write(`  line ${r.line}: ${r.reason}\n`);
        if (report.rejectedCount > 0) process.exitCode = 3;
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

/** `guanxi import orders FILE` — historical orders from CSV or Excel, streaming, with progress and a rejected-rows report. */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { Transform } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_TENANT_ID } from '../../kernel/context.ts';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerImport(program: Command): void {
  const command = program.command('import').description('import data from files');
  withDatabaseFlags(command.command('orders <file>').description('import historical orders (one row per order line; .csv or .xlsx); idempotent by order number'))
    .option('--format <format>', 'csv or xlsx (default: from the file name)')
    .option('--report <file>', 'write the rejected rows (line, order number, reason) to this CSV file')
    .option('--owner <email>', 'user recorded as the importer')
    .option('--create-products', 'create products for SKUs or names not in the catalogue, at the row’s unit price')
    .action(async (file: string, flags: DatabaseFlags & { format?: string; report?: string; owner?: string; createProducts?: boolean }) => {
      const format = flags.format ?? (/\.xlsx$/i.test(file) ? 'xlsx' : 'csv');
      if (format !== 'csv' && format !== 'xlsx') throw new Error('--format: csv or xlsx');
      const size = statSync(file).size;
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      // Progress by bytes read: the row count is unknown until the end of a streamed file.
      const bar = new SingleBar({ format: 'import [{bar}] {percentage}% | {rows} rows | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
      try {
        await migrateDatabase(database);
        const services = createServices(database, config);
        const owner = flags.owner ? await services.access.findUserByEmail(flags.owner) : undefined;
        if (flags.owner && !owner) throw new Error(`--owner: no user with e-mail ${flags.owner}`);
        let bytes = 0;
        let rows = 0;
        bar.start(size, 0, { rows: 0 });
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done(null, chunk);
          },
        });
        const input = createReadStream(file).pipe(counter);
        const report = await services.commerce.imports.run({ tenantId: owner?.tenantId ?? DEFAULT_TENANT_ID, userId: owner?.id, requestId: undefined }, input, {
          format,
          createProducts: flags.createProducts ?? false,
          onProgress: (n) => {
            rows = n;
            if (n % 200 === 0) bar.update(bytes, { rows });
          },
        });
        bar.update(size, { rows });
        bar.stop();
        if (flags.report) writeFileSync(flags.report, stringify(report.rejected, { header: true, columns: ['line', 'orderNumber', 'reason'] }));
        process.stderr.write(`${report.rowsRead} rows: ${report.ordersImported} orders (${report.linesImported} lines) imported, ${report.ordersSkipped} already there, ${report.productsCreated} products created, ${report.rejected.length} rows rejected${flags.report ? ` (see ${flags.report})` : ''}\n`);
        if (!flags.report) for (const r of report.rejected.slice(0, 20)) process.stderr.write(`  line ${r.line}${r.orderNumber ? ` (order ${r.orderNumber})` : ''}: ${r.reason}\n`);
        if (report.rejected.length > 0) process.exitCode = 3;
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

/**
 * Order import on the embedded database (PGlite): N order rows (default 20,000; 4 lines per order) for M customers
 * (default 2,000 people with mobile phones), imported through the commerce import — the code behind
 * `guanxi import orders` and the background job of `POST /api/v1/orders/imports`.
 * Reference in the same run: the same rows keyed by person_id (the id path, no directory lookup). Then the same
 * file keyed by phone numbers written in mixed formats (natural keys through the directory's customer lookup),
 * a re-run of that file (everything already there: the idempotence path), and the phone-keyed file once more as a
 * background job (upload to disk, batches committing the job's position).
 *   npm run bench -- orders-import [--rows 20000] [--customers 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createServices } from '../src/app/server.ts';
import { migrationSources } from '../src/app/modules.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { newId } from '../src/kernel/ids.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { flags, log, timeIt } from './lib/measure.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英';

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const rows = f.num('rows', 20_000);
  const customers = f.num('customers', 2_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'guanxi-bench-orders-'));
  const database = await openDatabase({ kind: 'pglite-memory' });
  try {
    await migrate(database, migrationSources);
    const config = { ...loadConfig({}, {}), dataDir, eventPollMs: 0 };
    const services = createServices(database, config);
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    const people = Array.from({ length: customers }, (_, i) => ({
      id: newId(),
      mobile: `1${3 + (i % 6)}${String(100_000_000 + i * 7919).slice(-9)}`,
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`,
    }));
    await services.directory.people.createMany(ctx, people.map((p) => ({ id: p.id, input: { name: p.name, phones: [{ number: p.mobile }] } })));
    for (let i = 0; i < 50; i++) await services.commerce.catalog.createProduct(ctx, { sku: `SKU-${i}`, name: `产品 ${i}`, listPrice: `${10 + i}.90`, currency: 'CNY' });
    // Phones as people write them: 13812345678, 138 1234 5678, +86-138-1234-5678.
    const written = (mobile: string, i: number) => (i % 3 === 0 ? mobile : i % 3 === 1 ? `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}` : `+86-${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`);
    const file = (prefix: string, key: 'id' | 'phone') => {
      const lines = [`order_number,ordered_on,${key === 'id' ? 'person_id' : 'phone'},sku,quantity,unit_price,channel,region`];
      for (let r = 0; r < rows; r++) {
        const order = Math.floor(r / 4);
        const person = people[order % customers] as (typeof people)[number];
        lines.push(`${prefix}-${order},2025-${String((order % 12) + 1).padStart(2, '0')}-15,${key === 'id' ? person.id : written(person.mobile, order)},SKU-${r % 50},${(r % 5) + 1},${(r % 50) + 10}.90,${['门店', '线上', '经销商'][order % 3]},华东`);
      }
      return lines.join('\n');
    };
    log(`orders-import: ${rows} rows (${rows / 4} orders) for ${customers} people, PGlite in memory`);
    const report = async (label: string, seconds: number, result: { ordersImported: number; ordersSkipped: number; rejected: unknown[] } | { ordersImported: number; ordersSkipped: number; rowsRejected: number }, reference?: number) => {
      const rejected = 'rejected' in result ? result.rejected.length : result.rowsRejected;
      log(`  ${label}: ${seconds.toFixed(2)} s, ${(rows / seconds).toFixed(0)} rows/s (${result.ordersImported} imported, ${result.ordersSkipped} skipped, ${rejected} rejected)${reference ? `, ×${(seconds / reference).toFixed(2)} the id path` : ''}`);
    };
    // Warm-up (JIT, PGlite caches), not measured: a few orders under their own numbers.
    await services.commerce.imports.run(ctx, Readable.from([file('WARM', 'phone').split('\n').slice(0, 401).join('\n')]), { format: 'csv' });
    const byId = await timeIt(() => services.commerce.imports.run(ctx, Readable.from([file('ID', 'id')]), { format: 'csv' }));
    await report('reference — keyed by person_id', byId.seconds, byId.result);
    const phoneFile = file('PH', 'phone');
    const byPhone = await timeIt(() => services.commerce.imports.run(ctx, Readable.from([phoneFile]), { format: 'csv' }));
    await report('keyed by phone (mixed formats)', byPhone.seconds, byPhone.result, byId.seconds);
    const again = await timeIt(() => services.commerce.imports.run(ctx, Readable.from([phoneFile]), { format: 'csv' }));
    await report('re-run of the phone file (all already there)', again.seconds, again.result, byId.seconds);
    const asJob = await timeIt(async () => {
      const job = await services.commerce.importJobs.start(ctx, { fileName: 'bench.csv', format: 'csv', stream: Readable.from([file('JOB', 'phone')]), truncated: () => false }, { createProducts: false });
      await services.commerce.importJobs.settled();
      return services.commerce.importJobs.get(ctx, job.id);
    });
    await report(`background job, keyed by phone (state ${asJob.result.state})`, asJob.seconds, asJob.result, byId.seconds);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Order imports as background jobs. The upload is streamed to disk (the attachment storage) and a job row is
 * queued; the import then runs outside the request, committing each batch of orders together with the job's
 * progress and the rejected rows it found. A job whose process died (restart, crash) is taken over once its
 * heartbeat is stale and resumes after its last committed row; orders are unique by number and rejections by
 * (job, line), so nothing is imported or reported twice. The job acts as the user who started it, with that
 * user's scope at the time it runs.
 */
import { Transform, type Readable } from 'node:stream';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { visibleRows } from '../access/index.ts';
import { assertMayChangeCatalogue } from './catalog.service.ts';
import type { CommerceDb, CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { OrderImportJobsTable } from './commerce.tables.ts';
import type { createOrderImport } from './order-import.ts';
import { safeFileName, storeUpload } from '../../platform/storage/file-storage.ts';

const REPORT_ROWS = 1000;
const STATES = ['queued', 'running', 'done', 'failed'] as const;

export const importJobSchema = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    createProducts: z.boolean(),
    state: z.enum(STATES).describe('queued → running → done | failed; a running job whose server stopped is resumed'),
    fileSize: z.number().int(),
    bytesRead: z.number().int().describe('Progress through the file'),
    rowsDone: z.number().int().describe('Data rows whose outcome is committed'),
    ordersImported: z.number().int(),
    ordersSkipped: z.number().int(),
    linesImported: z.number().int(),
    productsCreated: z.number().int(),
    rowsRejected: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    rejected: z.array(z.object({ line: z.number().int(), orderNumber: z.string().nullable(), reason: z.string() })).describe(`The rejected rows by line (the first ${REPORT_ROWS}; rowsRejected counts all)`),
  })
  .meta({ id: 'OrderImportJob' });
export type ImportJob = z.infer<typeof importJobSchema>;

type Row = Selectable<OrderImportJobsTable>;
type Options = { staleAfterMs?: number };

const toJob = (row: Row, rejected: ImportJob['rejected']): ImportJob => ({
  id: row.id,
  fileName: row.fileName,
  format: row.format,
  createProducts: row.createProducts,
  state: row.state,
  fileSize: Number(row.fileSize),
  bytesRead: Number(row.bytesRead),
  rowsDone: row.rowsDone,
  ordersImported: row.ordersImported,
  ordersSkipped: row.ordersSkipped,
  linesImported: row.linesImported,
  productsCreated: row.productsCreated,
  rowsRejected: row.rowsRejected,
  error: row.error,
  createdAt: iso(row.createdAt),
  startedAt: isoOrNull(row.startedAt),
  finishedAt: isoOrNull(row.finishedAt),
  rejected,
});

const visible = (ctx: ActorContext) => visibleRows(ctx, 'order_import', { id: 'order_import_jobs.id', owner: 'order_import_jobs.created_by' });

export function createImportJobs(deps: CommerceDeps, db: CommerceDb, imports: ReturnType<typeof createOrderImport>) {
  const running = new Map<string, Promise<void>>();
  /** Set when the server stops: jobs give up their current batch (rolled back, redone on resume). */
  let stopping = false;
  const STOP = new Error('the server is stopping; the import resumes when it starts again');

  async function start(ctx: ActorContext, file: { fileName: string; format: 'csv' | 'xlsx'; stream: Readable; truncated: () => boolean }, options: { createProducts: boolean }): Promise<ImportJob> {
    try {
      if (options.createProducts) assertMayChangeCatalogue(ctx);
    } catch (error) {
      file.stream.resume(); // drain the upload, or the request would never end
      throw error;
    }
    const id = newId();
    const key = `${ctx.tenantId}/order-imports/${id}`;
    const stored = await storeUpload(deps.storage, key, file, deps.fileMaxBytes, () => commerceErrors.fileTooLarge(deps.fileMaxBytes));
    const fileName = safeFileName(file.fileName, 'orders');
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('orderImportJobs').values({ tenantId: ctx.tenantId, id, fileName, format: file.format, fileKey: key, fileSize: stored.sizeBytes, createProducts: options.createProducts, createdBy: ctx.userId ?? null }).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'commerce.order_import.queued', aggregateType: 'order_import', aggregateId: id, payload: { fileName, sizeBytes: stored.sizeBytes } }]);
      return inserted;
    });
    schedule(ctx.tenantId, id);
    return toJob(row, []);
  }

  /** Runs the job in the background; a failure that cannot even be recorded leaves it to be resumed. */
  function schedule(tenantId: string, id: string, options: Options = {}) {
    if (running.has(id)) return;
    const work = process(tenantId, id, options).catch(() => undefined).finally(() => running.delete(id));
    running.set(id, work);
  }

  /** Claims the job (queued, or running with a stale heartbeat) so that one process runs it, then runs it. */
  async function process(tenantId: string, id: string, options: Options) {
    const staleBefore = new Date(Date.now() - (options.staleAfterMs ?? 120_000));
    const job = await db
      .updateTable('orderImportJobs')
      .set((eb) => ({ state: 'running', heartbeatAt: new Date(), startedAt: eb.fn.coalesce('startedAt', sql<Date>`now()`), attempts: eb('attempts', '+', 1) }))
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('heartbeatAt', '<', staleBefore)])]))
      .returningAll()
      .executeTakeFirst();
    if (!job) return;
    const ctx = job.createdBy ? await deps.actorFor(tenantId, job.createdBy) : { tenantId, userId: undefined, requestId: undefined };
    if (!ctx) return finish(job, 'failed', 'the user who started the import has been deactivated');
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const input = (await deps.storage.get(job.fileKey)).pipe(counter);
      await imports.run({ ...ctx, requestId: `import-${id}` }, input, {
        format: job.format,
        createProducts: job.createProducts,
        resumeAfterRow: job.rowsDone,
        onBatch: async (trx, batch) => {
          if (stopping) throw STOP;
          if (batch.rejected.length) await trx.insertInto('orderImportRejections').values(batch.rejected.map((r) => ({ tenantId, jobId: id, line: r.line, orderNumber: r.orderNumber, reason: r.reason }))).onConflict((oc) => oc.doNothing()).execute();
          await trx
            .updateTable('orderImportJobs')
            .set((eb) => ({
              rowsDone: batch.rowsDone,
              bytesRead: sql<number>`greatest(bytes_read, ${bytes})`,
              ordersImported: eb('ordersImported', '+', batch.ordersImported),
              ordersSkipped: eb('ordersSkipped', '+', batch.ordersSkipped),
              linesImported: eb('linesImported', '+', batch.linesImported),
              productsCreated: eb('productsCreated', '+', batch.productsCreated),
              rowsRejected: eb('rowsRejected', '+', batch.rejected.length),
              heartbeatAt: new Date(),
            }))
            .where('tenantId', '=', tenantId)
            .where('id', '=', id)
            .execute();
        },
      });
      await finish(job, 'done', null, bytes);
    } catch (error) {
      // Stopped on purpose: leave it running with an old heartbeat, so the next start takes it over at once.
      if (error === STOP) await db.updateTable('orderImportJobs').set({ heartbeatAt: new Date(0) }).where('tenantId', '=', tenantId).where('id', '=', id).execute();
      else await finish(job, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  async function finish(job: Row, state: 'done' | 'failed', error: string | null, bytes?: number) {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('orderImportJobs')
        .set({ state, error, finishedAt: new Date(), heartbeatAt: new Date(), ...(bytes !== undefined ? { bytesRead: bytes } : {}) })
        .where('tenantId', '=', job.tenantId)
        .where('id', '=', job.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const ctx = { tenantId: job.tenantId, userId: job.createdBy ?? undefined, requestId: `import-${job.id}` };
      await appendEvents(trx, ctx, [{ type: `commerce.order_import.${state}`, aggregateType: 'order_import', aggregateId: job.id, payload: { fileName: row.fileName, ordersImported: row.ordersImported, ordersSkipped: row.ordersSkipped, rowsRejected: row.rowsRejected, error } }]);
    });
    if (state === 'done') await deps.storage.remove(job.fileKey);
  }

  async function get(ctx: ActorContext, id: string): Promise<ImportJob> {
    const row = await db.selectFrom('orderImportJobs').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Order import', id);
    const rejected = await db.selectFrom('orderImportRejections').select(['line', 'orderNumber', 'reason']).where('tenantId', '=', ctx.tenantId).where('jobId', '=', id).orderBy('line').limit(REPORT_ROWS).execute();
    return toJob(row, rejected);
  }

  async function list(ctx: ActorContext, limit: number): Promise<ImportJob[]> {
    const rows = await db.selectFrom('orderImportJobs').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => toJob(row, []));
  }

  /** Picks up every job left queued or running with a stale heartbeat (after a restart), in every tenant. */
  async function resume(options: Options = {}): Promise<number> {
    const pending = await db.selectFrom('orderImportJobs').select(['tenantId', 'id']).where('state', 'in', ['queued', 'running']).orderBy('id').limit(100).execute();
    for (const job of pending) schedule(job.tenantId, job.id, options);
    return pending.length;
  }

  /** Resolves once every job this process is running has stopped (tests, shutdown). */
  const settled = async () => {
    while (running.size) await Promise.all([...running.values()]);
  };

  /** Resumes stale jobs now and every `everyMs`; the returned function stops that. */
  function startResuming(everyMs: number, onError: (error: unknown) => void) {
    const tick = () => void resume().catch(onError);
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Server shutdown: running jobs stop at their next batch and are left for the next start to resume. */
  async function stop() {
    stopping = true;
    await settled();
  }

  return { start, get, list, resume, settled, startResuming, stop };
}

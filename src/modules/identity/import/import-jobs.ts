/**
 * Uploaded people files as background jobs. The upload is streamed to disk (hashed and counted on the way, never
 * held in memory), then imported by a job in this process: queued → running → done | failed, with progress (bytes
 * and rows) and the final report on the import row (`GET /identity/imports/{id}`). A job whose process stopped —
 * shut down, killed — is taken over by the next start (`resumeAll`) or by another node once its heartbeat is a
 * minute old; the import is idempotent per row, so the re-run skips what was written and finishes the rest.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { ActorContext } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { IdentityTables } from '../touchpoint.tables.ts';
import type { ImportFile, ImportOptions, ImportReport } from './people-import.ts';
import { formatOf, parseMapping } from './rows.ts';

type RunImport = (ctx: ActorContext, file: ImportFile, options: Omit<ImportOptions, 'thresholds'>) => Promise<ImportReport>;
export type ImportJobDeps = { db: Kysely<IdentityTables>; dir: string; maxBytes: number; run: RunImport; onError?: (error: unknown, importId: string) => void };
export type Upload = { fileName: string; stream: Readable & { truncated?: boolean } };

const HEAD_BYTES = 65_536;
const STALE = sql<Date>`now() - interval '1 minute'`;
const STALE_MS = 65_000;

/** Counts and hashes what flows through. */
function meter() {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, digest: () => hash.digest('hex') };
}

async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function createImportJobs(deps: ImportJobDeps) {
  const { db } = deps;
  const running = new Map<string, Promise<ImportReport | null>>();
  const stopping = new AbortController();
  let onError = deps.onError;

  /** Streams the upload to disk and queues its import; `done` settles with the report (null: stopped or failed). */
  async function receive(ctx: ActorContext, upload: Upload, options: { source: string; mapping?: string }) {
    parseMapping(options.mapping); // a bad mapping is refused before anything is stored
    await mkdir(deps.dir, { recursive: true });
    const partial = join(deps.dir, `${newId()}.upload`);
    const counted = meter();
    try {
      await pipeline(upload.stream, counted.stream, createWriteStream(partial));
      if (upload.stream.truncated) throw tooLarge(deps.maxBytes);
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof AppError) throw error;
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(deps.maxBytes);
      throw error;
    }
    if (counted.bytes() === 0) {
      await rm(partial, { force: true });
      throw new AppError('invalid', 'IDENTITY.EMPTY_FILE', 'the file is empty: expected a header row (姓名, 手机, … or name, mobile, …) and rows', { line: 1 });
    }
    const contentHash = counted.digest();
    try {
      formatOf(await headOf(partial), upload.fileName); // an unreadable format is refused now, not in the job
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const row = await db
      .insertInto('identityImports')
      .values({ tenantId: ctx.tenantId, id: newId(), source: options.source, fileName: upload.fileName.slice(0, 500), contentHash, status: 'queued', createdBy: ctx.userId ?? null })
      .onConflict((oc) => oc.columns(['tenantId', 'source', 'contentHash']).doUpdateSet({ fileName: upload.fileName.slice(0, 500) }))
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    const already = running.get(row.id);
    if (already) {
      await rm(partial, { force: true }); // the same file is being imported right now: that job answers
      return { importId: row.id, done: already };
    }
    const stored = join(deps.dir, `${row.id}.file`);
    await rename(partial, stored);
    await db
      .updateTable('identityImports')
      .set({ status: 'queued', storedPath: stored, fileSize: counted.bytes(), bytesRead: 0, mapping: options.mapping ?? null, error: null, report: null, finishedAt: null, heartbeatAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
    return { importId: row.id, done: start(ctx.tenantId, row.id) };
  }

  function start(tenantId: string, importId: string): Promise<ImportReport | null> {
    const job = runJob(tenantId, importId).finally(() => running.delete(importId));
    running.set(importId, job);
    return job;
  }

  async function runJob(tenantId: string, importId: string): Promise<ImportReport | null> {
    // Claimed by one process: queued, or running with a heartbeat older than a minute (its process is gone).
    const claimed = await db
      .updateTable('identityImports')
      .set({ status: 'running', heartbeatAt: new Date() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', importId)
      .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', STALE)])])]))
      .returning(['storedPath', 'fileName', 'contentHash', 'source', 'mapping', 'createdBy', 'heartbeatAt'])
      .executeTakeFirst();
    if (!claimed?.storedPath) return null;
    const path = claimed.storedPath;
    const ctx: ActorContext = { tenantId, userId: claimed.createdBy ?? undefined, requestId: undefined };
    const counted = meter();
    try {
      if (!(await stat(path).catch(() => null))) throw new AppError('invalid', 'IDENTITY.FILE_LOST', `the uploaded file of import ${importId} is no longer on disk: upload it again`);
      const file: ImportFile = { fileName: claimed.fileName, head: await headOf(path), contentHash: claimed.contentHash, open: () => createReadStream(path).pipe(counted.stream) };
      const report = await deps.run(ctx, file, {
        source: claimed.source,
        ...(claimed.mapping ? { mapping: claimed.mapping } : {}),
        signal: stopping.signal,
        markDone: false,
        onProgress: async () => {
          await db.updateTable('identityImports').set({ bytesRead: counted.bytes(), heartbeatAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', importId).execute();
        },
      });
      await rm(path, { force: true });
      await db.updateTable('identityImports').set({ status: 'done', finishedAt: new Date(), bytesRead: counted.bytes(), report: JSON.stringify(report), storedPath: null, heartbeatAt: null }).where('tenantId', '=', tenantId).where('id', '=', importId).execute();
      return report;
    } catch (error) {
      if (stopping.signal.aborted) return null; // shutting down: left 'running' for the next start to resume
      onError?.(error, importId);
      const message = error instanceof AppError ? error.message : 'the import stopped on an internal error (logged); upload the file again';
      await rm(path, { force: true });
      await db.updateTable('identityImports').set({ status: 'failed', error: message.slice(0, 2000), finishedAt: new Date(), storedPath: null, heartbeatAt: null }).where('tenantId', '=', tenantId).where('id', '=', importId).execute();
      if (error instanceof AppError) throw error;
      throw new AppError('internal', 'IDENTITY.IMPORT_FAILED', message);
    }
  }

  /**
   * At start: takes over every unfinished job (all tenants) whose heartbeat stopped, one after another. A job that
   * looks alive (heartbeat under a minute old: perhaps this very process before a quick restart, perhaps another
   * node) is looked at again once that minute has passed.
   */
  async function resumeAll(log?: (error: unknown, importId: string) => void): Promise<number> {
    if (log) onError = log;
    const rows = await db
      .selectFrom('identityImports')
      .select(['tenantId', 'id', 'status', 'heartbeatAt'])
      .where('status', 'in', ['queued', 'running'])
      .where('storedPath', 'is not', null)
      .orderBy('startedAt')
      .execute();
    const fresh = rows.filter((r) => r.status === 'running' && r.heartbeatAt && Date.now() - r.heartbeatAt.getTime() < STALE_MS);
    if (fresh.length > 0 && !stopping.signal.aborted) setTimeout(() => void resumeAll().catch((error: unknown) => onError?.(error, 'resume')), STALE_MS).unref();
    let resumed = 0;
    for (const row of rows) {
      if (stopping.signal.aborted) break;
      if (fresh.includes(row) || running.has(row.id)) continue;
      resumed++;
      await start(row.tenantId, row.id).catch(() => null); // failures are written on the import row
    }
    return resumed;
  }

  /** Shutdown: jobs stop at the next row and stay resumable. */
  async function stop(): Promise<void> {
    stopping.abort();
    await Promise.allSettled([...running.values()]);
  }

  return { receive, resumeAll, stop };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('too_large', 'IDENTITY.FILE_TOO_LARGE', `file: larger than the ${maxBytes.toLocaleString('en')} bytes an upload may have (GUANXI_IMPORT_MAX_BYTES); split it, or import it with \`guanxi import people FILE\`, which has no limit`, { field: 'file', maxBytes });
}

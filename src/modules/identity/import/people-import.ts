/**
 * `guanxi import people FILE` and the upload endpoint: a CSV or Excel file of people, streamed in batches through
 * ingestBatch. Resumable and idempotent: every row's touchpoint key is hash(source, file content hash, line), so
 * a re-run of the same file (after a kill at any point) skips what is stored and finishes what is pending.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ActorContext } from '../../../kernel/context.ts';
import { newId } from '../../../kernel/ids.ts';
import type { MatchThresholds } from '../touchpoint.matching.ts';
import { planBatch, resumePending, writeBatch, type IncomingRecord, type IngestDeps } from './ingest.ts';
import { formatOf, parseMapping, readCsv, readXlsx, type FileRow, type RowProblem } from './rows.ts';

export const importReportSchema = z
  .object({
    importId: z.uuid(),
    source: z.string(),
    format: z.enum(['csv', 'xlsx']),
    rowsRead: z.number().int(),
    created: z.number().int().describe('New people'),
    matched: z.number().int().describe('Rows linked to an existing person (or to an earlier row of the file)'),
    review: z.number().int().describe('Uncertain pairs put in the review queue'),
    skipped: z.number().int().describe('Rows already imported by an earlier run of the same file'),
    resumed: z.number().int().describe('People left pending by an interrupted run, finished now'),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Rows not imported, with their line in the file (first 1,000)'),
    rejectedCount: z.number().int(),
    seconds: z.number(),
  })
  .meta({ id: 'PeopleImportReport' });
export type ImportReport = z.infer<typeof importReportSchema>;

export type ImportFile = {
  fileName: string;
  /** The first bytes (format and encoding are sniffed from them). */
  head: Buffer;
  /** sha256 of the whole content, computed by the caller (the CLI streams the file once for it). */
  contentHash: string;
  open: () => Readable | Buffer;
};

export type ImportOptions = {
  source: string;
  mapping?: string;
  thresholds: MatchThresholds;
  batchSize?: number;
  onProgress?: (rowsRead: number) => void | Promise<void>;
  /** Stops between rows (the server shutting down): what is written stays, a re-run finishes the rest. */
  signal?: AbortSignal;
  /** false: leave the import 'running' at the end (a job marks it done once its report is stored). */
  markDone?: boolean;
};

const MAX_REPORTED = 1000;
/** Batches being written at once: two keep PostgreSQL busy while this process matches the next one. */
const WRITES_IN_FLIGHT = 2;

export function touchpointKey(source: string, contentHash: string, line: number): string {
  return createHash('sha256').update(`${source}\u0000${contentHash}\u0000${line}`).digest('base64url');
}

export function fileOfBuffer(fileName: string, content: Buffer): ImportFile {
  return { fileName, head: content.subarray(0, 65_536), contentHash: createHash('sha256').update(content).digest('hex'), open: () => content };
}

export async function importPeople(deps: IngestDeps, ctx: ActorContext, file: ImportFile, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const mapping = parseMapping(options.mapping);
  const format = formatOf(file.head, file.fileName);
  const { db } = deps;
  const importRow = await db
    .insertInto('identityImports')
    .values({ tenantId: ctx.tenantId, id: newId(), source: options.source, fileName: file.fileName.slice(0, 500), contentHash: file.contentHash, status: 'running', createdBy: ctx.userId ?? null })
    .onConflict((oc) => oc.columns(['tenantId', 'source', 'contentHash']).doUpdateSet({ status: 'running', finishedAt: null }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const report: ImportReport = { importId: importRow.id, source: options.source, format, rowsRead: 0, created: 0, matched: 0, review: 0, skipped: 0, resumed: 0, rejected: [], rejectedCount: 0, seconds: 0 };
  report.resumed = await resumePending(deps, ctx, options.source);
  const problems: RowProblem[] = [];
  const reject = (line: number, reason: string) => {
    report.rejectedCount++;
    if (report.rejected.length < MAX_REPORTED) report.rejected.push({ line, reason });
  };
  const input = file.open();
  const rows: AsyncGenerator<FileRow> = format === 'xlsx' ? readXlsx(input, mapping) : readCsv(input, file.head, mapping, problems);
  const batchSize = options.batchSize ?? 1000;
  let batch: IncomingRecord[] = [];
  const ingestOptions = { source: options.source, importId: importRow.id, thresholds: options.thresholds };
  // Batch N+1 is read and matched (CPU here) while batches N and N-1 are written (in the database, each in its own
  // transaction on its own connection). A batch's COMMIT waits for the one before it, so they become visible in
  // file order; the report is updated in that order too.
  let committed: Promise<unknown> = Promise.resolve();
  let recorded: Promise<void> = Promise.resolve();
  const inFlight: Array<Promise<unknown>> = [];
  const flush = async () => {
    for (const problem of problems.splice(0)) reject(problem.line, problem.reason);
    if (batch.length === 0) return;
    const plan = await planBatch(deps, ctx, batch, ingestOptions);
    batch = [];
    const rowsRead = report.rowsRead;
    while (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    const write = writeBatch(deps, ctx, plan, ingestOptions, { after: committed });
    committed = write;
    recorded = recorded.then(() => write).then((outcomes) => record(outcomes, rowsRead));
    inFlight.push(recorded);
    // Awaited later; marked handled now so that a failure is not an unhandled rejection meanwhile.
    write.catch(() => undefined);
    recorded.catch(() => undefined);
  };
  const record = async (outcomes: Awaited<ReturnType<typeof writeBatch>>, rowsRead: number) => {
    const counts = { created: 0, matched: 0, review: 0, rejected: 0 };
    for (const outcome of outcomes) {
      if (outcome.outcome === 'rejected') {
        reject(outcome.line ?? 0, outcome.reason);
        counts.rejected++;
      } else if (outcome.outcome === 'skipped') report.skipped++;
      else {
        counts[outcome.outcome]++;
        if (outcome.review) counts.review++;
      }
    }
    report.created += counts.created;
    report.matched += counts.matched;
    report.review += counts.review;
    // The import row doubles as the progress checkpoint shown by GET /identity/imports/{id}.
    await db
      .updateTable('identityImports')
      .set((eb) => ({ rowsRead, created: eb('created', '+', counts.created), matched: eb('matched', '+', counts.matched), review: eb('review', '+', counts.review), rejected: eb('rejected', '+', counts.rejected) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', importRow.id)
      .execute();
    await options.onProgress?.(rowsRead);
  };
  try {
    for await (const row of rows) {
      options.signal?.throwIfAborted();
      report.rowsRead++;
      if (row.problem) {
        reject(row.line, row.problem);
        continue;
      }
      batch.push({ key: touchpointKey(options.source, file.contentHash, row.line), line: row.line, raw: row.raw, fields: row.fields });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await recorded;
  } catch (error) {
    // The index holds people planned by batches that were never written: rebuild it from the database.
    await Promise.allSettled([committed, recorded]);
    deps.matching.forget(ctx.tenantId);
    throw error;
  }
  if (options.markDone !== false) await db.updateTable('identityImports').set({ status: 'done', finishedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('id', '=', importRow.id).execute();
  report.rejected.sort((a, b) => a.line - b.line);
  report.seconds = Math.round((performance.now() - started) / 10) / 100;
  return report;
}

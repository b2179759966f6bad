import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { newId } from '../../../kernel/ids.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'guanxi-imports-'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ dataDir, importMaxBytes: 200_000 });
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function multipart(fileName: string, body: Buffer | string) {
  const boundary = '----guanxi' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (fileName: string, body: Buffer | string, query = '') => t.call({ method: 'POST', url: `/api/v1/identity/imports${query}`, ...multipart(fileName, body) });

const rows = (n: number, from = 0) => ['姓名,手机', ...Array.from({ length: n }, (_, k) => `客户${from + k}号,1380000${String(from + k).padStart(4, '0')}`)].join('\n');

async function settled(id: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = (await t.call({ method: 'GET', url: `/api/v1/identity/imports/${id}` })).json();
    if (status.status === 'done' || status.status === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

describe('upload as a background job', () => {
  it('answers 202 at once with the import to poll, which ends done with progress and the report; the file is not kept', async () => {
    const body = rows(1100);
    const response = await upload('批量.csv', body, '?background=true&source=import:crm');
    expect(response.statusCode, response.body).toBe(202);
    const queued = response.json();
    expect(response.headers.location).toBe(`/api/v1/identity/imports/${queued.id}`);
    expect(['queued', 'running', 'done']).toContain(queued.status);
    expect(queued.fileSize).toBe(Buffer.byteLength(body));
    const done = await settled(queued.id);
    expect(done).toMatchObject({ status: 'done', rowsRead: 1100, created: 1100, bytesRead: Buffer.byteLength(body), error: null });
    expect(done.report).toMatchObject({ importId: queued.id, rowsRead: 1100, created: 1100, rejectedCount: 0 });
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
  });

  it('refuses a file over the limit with 413 naming the limit, and keeps nothing of it', async () => {
    const big = upload('big.csv', rows(20_000, 5000));
    const response = await big;
    expect(response.statusCode, response.body).toBe(413);
    expect(errorOf(response)).toMatchObject({ code: 'IDENTITY.FILE_TOO_LARGE', message: expect.stringContaining('200,000 bytes') });
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
  });

  it('a file malformed past its first bytes fails with the reason on the import, in the background too', async () => {
    // Valid UTF-8 for 90 kB (so the upload is accepted), then bytes that are not: found by the job, not the upload.
    const body = Buffer.concat([Buffer.from(rows(4000, 20_000)), Buffer.from('\n'), Buffer.from([0xe4, 0xff, 0xfe]), Buffer.from(',13700000000\n')]);
    const response = await upload('broken.csv', body, '?background=true');
    expect(response.statusCode, response.body).toBe(202);
    const failed = await settled(response.json().id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/not valid UTF-8 near byte \d+/) });
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
  });

  it('resumes after a restart: a job left running by a dead process is taken over and finished exactly once', async () => {
    // What a process killed mid-import leaves: the stored file and its import row, running, heartbeat stopped.
    const content = Buffer.from(rows(300, 9000));
    const contentHash = createHash('sha256').update(content).digest('hex');
    const id = newId();
    const path = join(dataDir, 'imports', `${id}.file`);
    writeFileSync(path, content);
    await t.database.db.withTables<{ identityImports: Record<string, unknown> }>()
      .insertInto('identityImports')
      .values({ tenantId: DEFAULT_TENANT_ID, id, source: 'import', fileName: 'resumed.csv', contentHash, status: 'running', storedPath: path, fileSize: content.length, createdBy: t.admin.id, heartbeatAt: new Date(Date.now() - 120_000) })
      .execute();
    expect(await t.services.identity.resumeImports()).toBe(1);
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'done', rowsRead: 300, created: 300 });
    expect(done.report).toMatchObject({ created: 300 });
    // Uploading the same file again imports nothing twice.
    const again = await upload('resumed.csv', content);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ importId: id, created: 0, skipped: 300 });
  });
});

/** The README's promise, end to end: the real `guanxi` binary on a fresh data folder. */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(process.cwd(), 'bin', 'guanxi.js');
const dataDir = mkdtempSync(join(tmpdir(), 'guanxi-cli-'));
const env = { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const guanxi = (...args: string[]) => run(process.execPath, [bin, ...args, '--data', dataDir], { env, timeout: 240_000 });

async function startServer(port: number) {
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  for (let i = 0; i < 1800 && !lines.some((l) => l.includes('Guanxi is ready')); i++) await new Promise((r) => setTimeout(r, 100));
  if (!lines.some((l) => l.includes('Guanxi is ready'))) throw new Error(`server did not start: ${lines.join('\n')}`);
  return { child, lines };
}

// Each command opens (and the first creates) an embedded database: seconds on an idle machine, more on a busy one.
describe('guanxi CLI', { timeout: 300_000 }, () => {
  it('migrates, creates an admin, and prints only the token on stdout', async () => {
    const migrate = await guanxi('migrate');
    expect(migrate.stderr).toMatch(/applied/);
    await guanxi('admin', 'create', '--email', 'boss@example.com', '--password', 'a-long-password');
    const token = await guanxi('token', 'create', '--email', 'boss@example.com');
    expect(token.stdout).toMatch(/^gxt_[A-Za-z0-9_-]{43}\n$/);
  });

  it('refuses a bad flag value with a clear message and a non-zero exit', async () => {
    await expect(guanxi('admin', 'create', '--email', 'x@example.com', '--password', 'short')).rejects.toMatchObject({ stderr: expect.stringMatching(/--password: at least 10 characters/) });
    await expect(guanxi('token', 'create', '--email', 'nobody@example.com')).rejects.toMatchObject({ stderr: expect.stringMatching(/No user with e-mail nobody@example.com/) });
  });

  it('serves with JSON logs carrying request ids, keeps data across restarts, and shuts down cleanly on SIGTERM', async () => {
    const token = (await guanxi('token', 'create', '--email', 'boss@example.com')).stdout.trim();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const first = await startServer(port);
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/people`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '重启测试' }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // A second process on the same folder is refused rather than allowed to diverge.
    await expect(guanxi('migrate')).rejects.toMatchObject({ stderr: expect.stringMatching(/in use by another Guanxi process/) });
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'guanxi.lock'))).toBe(false);
    const log = first.lines.map((line) => JSON.parse(line) as { requestId?: string; reqId?: string; msg: string });
    expect(log.some((entry) => (entry.reqId ?? entry.requestId) && entry.msg === 'request completed')).toBe(true);
    expect(log.some((entry) => entry.msg.includes('database closed'))).toBe(true);

    const second = await startServer(port);
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/people/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { name: string }).name).toBe('重启测试');
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  });
});

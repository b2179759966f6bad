/** The README's first-run promise with the real binary: a fresh folder, the printed link, the first administrator. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(process.cwd(), 'bin', 'guanxi.js');
const dataDir = mkdtempSync(join(tmpdir(), 'guanxi-first-run-'));
const env = { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const LINK = /No account yet: open (http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]+) to create the first administrator/;

/** Starts `guanxi serve` on a free port (port 0) and waits for its ready line; stdout (the JSON log) and stderr kept apart. */
async function start() {
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ready = () => out.map((line) => JSON.parse(line) as { msg: string }).find((entry) => entry.msg.startsWith('Guanxi is ready on '));
  for (let i = 0; i < 1800 && !ready(); i++) await new Promise((r) => setTimeout(r, 100));
  const base = ready()?.msg.replace('Guanxi is ready on ', '');
  if (!base) throw new Error(`server did not start: ${out.join('\n')}\n${err}`);
  await new Promise((r) => setTimeout(r, 200)); // the set-up line follows the ready line
  const stop = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { base, out, stderr: () => err, stop };
}

const setup = (base: string, body: Record<string, unknown>) =>
  fetch(`${base}/api/v1/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('first run of guanxi serve', { timeout: 300_000 }, () => {
  it('prints a one-time set-up link (once, in the log and on stderr), new at every start until an account exists', async () => {
    const first = await start();
    const logLines = first.out.filter((line) => LINK.test(line));
    expect(logLines).toHaveLength(1);
    expect([...first.stderr().matchAll(new RegExp(LINK, 'g'))]).toHaveLength(1);
    const firstLink = LINK.exec(first.stderr())?.[1] ?? '';
    expect(firstLink.startsWith(`${first.base}/setup?token=`)).toBe(true);
    expect(LINK.exec(logLines[0] ?? '')?.[1]).toBe(firstLink);
    expect(((await (await fetch(`${first.base}/api/v1/auth/setup`)).json()) as { needed: boolean }).needed).toBe(true);
    await first.stop();

    // Restarted with still no account: a new token; the old link no longer works.
    const second = await start();
    const link = LINK.exec(second.stderr())?.[1] ?? '';
    const token = new URL(link).searchParams.get('token') ?? '';
    expect(token).not.toBe(new URL(firstLink).searchParams.get('token'));
    const stale = await setup(second.base, { token: new URL(firstLink).searchParams.get('token'), email: 'boss@example.com', displayName: '老板', password: 'a long enough password' });
    expect(stale.status).toBe(403);
    // The page the link names is the web app's (index.html for the SPA route).
    expect((await fetch(link)).status).toBe(200);
    const created = await setup(second.base, { token, email: 'boss@example.com', displayName: '老板', password: 'a long enough password', locale: 'zh-CN' });
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toMatch(/guanxi_session=/);
    await second.stop();

    // With an account, a start prints no link and the set-up stays closed.
    const third = await start();
    expect(third.stderr()).not.toMatch(/No account yet/);
    expect(third.out.some((line) => line.includes('No account yet'))).toBe(false);
    expect(((await (await fetch(`${third.base}/api/v1/auth/setup`)).json()) as { needed: boolean }).needed).toBe(false);
    expect((await setup(third.base, { token, email: 'x@example.com', displayName: 'x', password: 'a long enough password' })).status).toBe(409);
    await third.stop();
  });
});

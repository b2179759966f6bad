/**
 * A/B of web builds on the first people-list load: each build served in turn to the same signed-in Chromium, loads
 * alternating (ABAB…, then BABA…) so the machine's load falls on all alike. Per build: wall time to the first row,
 * the main thread's CPU for the load, and the CPU spent before the rows painted. On a shared machine compare the
 * CPU figures; wall time there is mostly waiting for a core.
 *   npx vite build --config web/vite.config.ts --outDir /tmp/a   (and /tmp/b from the other version of web/src)
 *   npm run bench -- web-ab --builds /tmp/a,/tmp/b [--rounds 7] [--people 150]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../test/browser/browser.ts';
import { migrationSources } from '../src/app/modules.ts';
import { buildServer } from '../src/app/server.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { mainThreadCpu } from './lib/browser-cpu.ts';
import { serveBuild } from './lib/serve-build.ts';
import { flags, log, median } from './lib/measure.ts';

const FIRST_ROW = '.ant-table-tbody .ant-table-row';

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const builds = (f.str('builds') ?? '').split(',').filter(Boolean);
  if (builds.length < 2 || builds.some((dir) => !existsSync(join(dir, 'index.html')))) throw new Error('--builds DIR,DIR: two or more folders built by vite (each with an index.html)');
  const rounds = f.num('rounds', 7);
  const people = f.num('people', 150);
  const dataDir = mkdtempSync(join(tmpdir(), 'guanxi-web-ab-')); // the server's key and files, not ./data
  const database = await openDatabase({ kind: 'pglite-memory' });
  await migrate(database, migrationSources);
  const { app, services } = await buildServer(database, { ...loadConfig({ logLevel: 'warn' }, {}), eventPollMs: 0, dataDir }, false);
  try {
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    await services.access.createUser(ctx, { email: 'bench@example.com', displayName: 'bench', password: 'bench-password-1', isAdmin: true });
    const { token } = await services.access.createApiTokenForEmail('bench@example.com', 'bench');
    for (let i = 0; i < people; i++) {
      await app.inject({ method: 'POST', url: '/api/v1/people', headers: { authorization: `Bearer ${token}` }, payload: { name: `张${String.fromCharCode(0x4e00 + i)}${i}`, tags: ['VIP', '华东'], relationshipTypes: ['customer'], phones: [{ number: `1380013${String(i % 10_000).padStart(4, '0')}` }], addresses: [{ city: '上海市' }] } });
    }
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      let dist = builds[0] as string;
      await serveBuild(page, base, () => dist);
      await page.goto(`${base}/sign-in`);
      await page.getByTestId('email').fill('bench@example.com');
      await page.getByTestId('password').fill('bench-password-1');
      await page.getByTestId('sign-in').click();
      await page.locator(FIRST_ROW).first().waitFor();
      const cdp = await context.newCDPSession(page);
      const results = new Map(builds.map((b) => [b, { wall: [] as number[], cpu: [] as number[], beforePaint: [] as number[] }]));
      // Round 0 warms each build's cache and is not counted.
      for (let r = 0; r <= rounds; r++) {
        for (const build of r % 2 ? [...builds].reverse() : builds) {
          dist = build;
          await page.goto('about:blank');
          const { result, cpuMs, beforePaintMs } = await mainThreadCpu(cdp, async () => {
            const t0 = performance.now();
            await page.goto(`${base}/people`);
            await page.locator(FIRST_ROW).first().waitFor();
            const took = performance.now() - t0;
            // The paint's trace event arrives a little after the paint; the load's follow-up work is counted alike.
            await page.waitForTimeout(500);
            return took;
          });
          if (r === 0) continue;
          const into = results.get(build);
          into?.wall.push(result);
          into?.cpu.push(cpuMs);
          if (beforePaintMs !== null && beforePaintMs > 0) into?.beforePaint.push(beforePaintMs);
        }
      }
      log(`# web A/B — first people-list load, ${people} people, ${rounds} rounds per build`);
      for (const [build, r] of results) {
        log(`${build}: wall median ${median(r.wall).toFixed(0)} ms; main-thread CPU median ${median(r.cpu).toFixed(0)} ms (${r.cpu.map((x) => x.toFixed(0)).join(', ')}); CPU before the rows painted median ${r.beforePaint.length ? median(r.beforePaint).toFixed(0) : '—'} ms (${r.beforePaint.length} of ${rounds} loads caught)`);
      }
    } finally {
      await context.close();
    }
  } finally {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

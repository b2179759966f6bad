/**
 * The web app on a large directory: N people (default 100,000) in a PostgreSQL 15 server, the real server
 * in-process, Debian's Chromium signed in. Measures time from navigation to the first rows of the people list
 * (cold HTTP cache, then warm), the same-run reference of the bare API call the page makes, frame gaps while
 * scrolling through several cursor pages, and the gzipped initial JavaScript. Beside each wall-clock figure, the
 * CPU time the page's main thread actually ran (the machine is shared: wall time there is mostly waiting for a CPU).
 * The web app is built into a private folder and served from it, so another build of web/dist during the run
 * cannot swap the page under the benchmark.
 *   npm run bench -- web [--people 100000] [--rounds 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { migrationSources } from '../src/app/modules.ts';
import { buildServer } from '../src/app/server.ts';
import { DEFAULT_TENANT_ID } from '../src/kernel/context.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { mainThreadCpu } from './lib/browser-cpu.ts';
import { serveBuild } from './lib/serve-build.ts';
import { flags, log, median } from './lib/measure.ts';
import { seedPeople } from './lib/people-seed.ts';
import { startPgServer } from './lib/pg-server.ts';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FIRST_ROW = '.ant-table-tbody .ant-table-row';
const BARE_ROW = 'tr.row';

/**
 * Installed in every page: the time from navigation start until a list row is first in the DOM and until the frame
 * after that (double rAF: the row has been painted). Measured in the page, so it carries neither Playwright's polling
 * of the selector nor the round trips of driving the browser, which the wall times below include.
 */
const ROW_CLOCK = `(() => {
  const rows = ${JSON.stringify(`${FIRST_ROW}, ${BARE_ROW}`)};
  const seen = () => {
    if (window.__rowAt !== undefined || !document.querySelector(rows)) return;
    window.__rowAt = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__rowPaintedAt = performance.now(); }));
    observer.disconnect();
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
})()`;
type RowClock = { rowAt: number; paintedAt: number };

export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const people = f.num('people', 100_000);
  const rounds = f.num('rounds', 5);
  const root = join(import.meta.dirname, '..');
  for (const script of ['build-if-stale.mjs', 'initial-size.mjs']) {
    const out = spawnSync(process.execPath, [join(root, 'web', 'scripts', script)], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    if (script === 'initial-size.mjs') log(out.stdout.trim().split('\n').at(-1) ?? '');
  }
  const dist = mkdtempSync(join(tmpdir(), 'guanxi-bench-web-'));
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.ts'), '--outDir', dist, '--emptyOutDir'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  log(`# web bench — ${people.toLocaleString('en')} people, Chromium headless, ${rounds} rounds`);
  const server = await startPgServer({ settings: { shared_buffers: "'1GB'" } });
  const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 8 });
  try {
    await migrate(database, migrationSources);
    const config = loadConfig({ databaseUrl: server.url, logLevel: 'warn' }, {});
    const { app, services } = await buildServer(database, config, false);
    const ctx = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
    await services.access.createUser(ctx, { email: 'bench@example.com', displayName: 'bench', password: 'bench-password-1', isAdmin: true });
    const { token } = await services.access.createApiTokenForEmail('bench@example.com', 'bench');
    const started = Date.now();
    await seedPeople(server.url, DEFAULT_TENANT_ID, people, (done) => process.stderr.write(`\rseeding ${done.toLocaleString('en')}`));
    process.stderr.write('\n');
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // Same-run reference: the API call the list page makes, from Node, no browser.
    const api: number[] = [];
    for (let r = 0; r < rounds + 1; r++) {
      const t0 = performance.now();
      const response = await fetch(`${base}/api/v1/people?sort=name&limit=100`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (r > 0) api.push(performance.now() - t0);
    }

    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'guanxi-bench-')), { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      // Pages and assets from the private build, with the server's caching rule (hashed assets are immutable).
      await serveBuild(page, base, () => dist, ['/__bench-floor']);
      await page.addInitScript(ROW_CLOCK);
      const warnings = new Set<string>();
      page.on('console', (message) => void (message.type() === 'warning' && warnings.add(message.text().slice(0, 160))));
      const rowClock = async (): Promise<RowClock> => {
        await page.waitForFunction('window.__rowPaintedAt !== undefined');
        return page.evaluate<RowClock>('({ rowAt: window.__rowAt, paintedAt: window.__rowPaintedAt })');
      };
      const inPage = { cold: [] as number[], warm: [] as number[], bare: [] as number[] };
      await page.goto(`${base}/sign-in`);
      await page.getByTestId('email').fill('bench@example.com');
      await page.getByTestId('password').fill('bench-password-1');
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await page.getByTestId('sign-in').click();
      await page.locator(FIRST_ROW).first().waitFor();
      const cold: number[] = [];
      const warm: number[] = [];
      const warmCpu: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const [cache, into] of [['cold', cold], ['warm', warm]] as const) {
          if (cache === 'cold') await cdp.send('Network.clearBrowserCache');
          await page.goto('about:blank');
          const { result, cpuMs } = await mainThreadCpu(cdp, async () => {
            const t0 = performance.now();
            await page.goto(`${base}/people`);
            await page.locator(FIRST_ROW).first().waitFor();
            return performance.now() - t0;
          });
          inPage[cache].push((await rowClock()).paintedAt);
          into.push(result);
          if (cache === 'warm') warmCpu.push(cpuMs);
        }
      }
      // Same-run floor for the browser: a bare page that fetches the same API page and writes 100 plain rows.
      const floorHtml = `<!doctype html><meta charset="utf-8"><table id="t"></table><script>
        fetch('/api/v1/people?sort=name&limit=100').then((r) => r.json()).then((page) => {
          document.getElementById('t').innerHTML = page.items.map((p) => '<tr class="row"><td>' + p.name + '</td><td>' + (p.phones[0] ? p.phones[0].original : '') + '</td></tr>').join('');
        });
      </script>`;
      await page.route(`${base}/__bench-floor`, (route) => route.fulfill({ contentType: 'text/html', body: floorHtml }));
      const floor: number[] = [];
      const floorCpu: number[] = [];
      for (let r = 0; r < rounds; r++) {
        await page.goto('about:blank');
        const { result, cpuMs } = await mainThreadCpu(cdp, async () => {
          const t0 = performance.now();
          await page.goto(`${base}/__bench-floor`);
          await page.locator(BARE_ROW).first().waitFor();
          return performance.now() - t0;
        });
        inPage.bare.push((await rowClock()).paintedAt);
        floor.push(result);
        floorCpu.push(cpuMs);
      }
      await page.goto(`${base}/people`);
      await page.locator(FIRST_ROW).first().waitFor();
      // Where the time goes on the last warm load: when each API answer and the page's chunks arrived.
      const timeline = await page.evaluate<Array<{ name: string; start: number; end: number }>>(
        `performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, ''), start: Math.round(e.startTime), end: Math.round(e.responseEnd) }))`,
      );
      const nav = await page.evaluate<{ dcl: number; load: number }>(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) }; })()`);
      log(`last warm load: DOMContentLoaded ${nav.dcl} ms, load ${nav.load} ms; ${timeline.filter((e) => e.name.startsWith('/api')).map((e) => `${e.name.split('?')[0]} ${e.start}–${e.end} ms`).join('; ')}`);
      // Scroll through the virtual table: frame gaps measured in the page while the next cursor pages arrive.
      const scroll = await page.evaluate<{ frames: number[]; rows: number }>(`(async () => {
        const body = document.querySelector('.ant-table-tbody-virtual-holder') || document.querySelector('.ant-table-body');
        const frames = []; let last = performance.now(); let going = true;
        const tick = (t) => { frames.push(t - last); last = t; if (going) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        for (let i = 0; i < 60; i++) { body.scrollTop += 400; await new Promise((r) => setTimeout(r, 50)); }
        going = false;
        const text = document.querySelector('[data-testid="people-count"]').textContent;
        return { frames, rows: Number((text.match(/[0-9,]+/) || ['0'])[0].replace(/,/g, '')) };
      })()`);
      const sorted = [...scroll.frames].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
      log(`first list page, cold cache: median ${median(cold).toFixed(0)} ms (runs ${cold.map((x) => x.toFixed(0)).join(', ')})`);
      log(`first list page, warm cache: median ${median(warm).toFixed(0)} ms (runs ${warm.map((x) => x.toFixed(0)).join(', ')})`);
      const runs = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs ${xs.map((x) => x.toFixed(0)).join(', ')})`;
      log(`first row painted, measured in the page from navigation start: cold ${runs(inPage.cold)}; warm ${runs(inPage.warm)}; bare page ${runs(inPage.bare)} (ratio ours/bare, warm: ${(median(inPage.warm) / median(inPage.bare)).toFixed(1)})`);
      log(`main-thread CPU of the warm first list page: median ${median(warmCpu).toFixed(0)} ms (runs ${warmCpu.map((x) => x.toFixed(0)).join(', ')}); of the bare page: median ${median(floorCpu).toFixed(0)} ms`);
      log(`reference, GET /api/v1/people?sort=name&limit=100 from Node: median ${median(api).toFixed(0)} ms`);
      log(`reference, bare HTML page in the same browser fetching that page and writing 100 rows: median ${median(floor).toFixed(0)} ms (ratio ours/bare, warm: ${(median(warm) / median(floor)).toFixed(1)})`);
      if (warnings.size > 0) log(`browser warnings: ${[...warnings].join(' | ')}`);
      log(`scrolling 24,000 px in 3 s: ${scroll.rows.toLocaleString('en')} rows loaded, frame gap p95 ${p95.toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms over ${sorted.length} frames`);
    } finally {
      await context.close();
      await app.close();
      rmSync(dist, { recursive: true, force: true });
    }
  } finally {
    await database.close();
    await server.stop();
  }
}

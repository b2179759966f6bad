/**
 * Serves a web build straight from its directory to a browser page, with the server's caching rule (hashed assets
 * immutable, the page itself revalidated), so that a benchmark can load a private or alternative build while the
 * API stays the real server's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { spaPage } from '../../src/app/web-static.ts';

/** `dist` is asked for on every request, so a benchmark can switch builds between page loads. */
export async function serveBuild(page: Page, base: string, dist: () => string, skipPaths: string[] = []): Promise<void> {
  await page.route((url) => url.origin === base && !url.pathname.startsWith('/api') && !skipPaths.includes(url.pathname), async (route) => {
    const root = dist();
    const url = new URL(route.request().url());
    const asset = url.pathname.startsWith('/assets/') && existsSync(join(root, url.pathname));
    if (asset) {
      const contentType = url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      return route.fulfill({ body: readFileSync(join(root, url.pathname)), contentType, headers: { 'cache-control': 'public, max-age=31536000, immutable' } });
    }
    // The page as the server would send it (the first page's requests announced to a signed-in browser).
    const cookie = (await route.request().allHeaders()).cookie;
    const html = spaPage(readFileSync(join(root, 'index.html'), 'utf8'), `${url.pathname}${url.search}`, cookie);
    return route.fulfill({ body: html, contentType: 'text/html', headers: { 'cache-control': 'no-cache' } });
  });
}

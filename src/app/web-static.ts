/**
 * Serves the built web app (web/dist) at `/`: hashed assets from disk, and index.html for any other GET that no
 * route answers and that is not under /api — the SPA routes itself in the browser. The API's own 404/405
 * envelope is untouched: /api/* never falls back to the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { SESSION_COOKIE } from '../modules/access/index.ts';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Guanxi</title>
<p>The web app is not built yet. Run <code>npm run build:web</code> (npm start does it for you), then reload.</p>`;

/**
 * The requests the people list makes first (the app's default list, its owner names and custom-field labels, who is
 * signed in), exactly as the app's client writes them. Announced in the page's head for a signed-in browser, they
 * start while the bundle is still being parsed (~0.2 s earlier) and the app's own requests take the answers over.
 */
const FIRST_PAGE_REQUESTS: Record<string, string[]> = {
  '/people': ['/api/v1/auth/me', '/api/v1/people?sort=name&limit=100', '/api/v1/users', '/api/v1/custom-fields?objectType=person'],
};
FIRST_PAGE_REQUESTS['/'] = FIRST_PAGE_REQUESTS['/people'] ?? [];

const hasSession = (cookie: string | undefined) => (cookie ?? '').split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));

/** index.html with `<link rel="preload">` for each request (as the app's fetch makes it: same-origin credentials). */
function withPreloads(html: string, urls: string[]): string {
  const links = urls.map((url) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${url.replaceAll('&', '&amp;')}">`).join('');
  return html.replace('</head>', `${links}</head>`);
}

/**
 * The page to send for `url`: with the first page's requests announced when the browser is signed in and asks for a
 * plain URL (with filters in the query the list asks for another page than the one announced). Also used by the web
 * benchmark, which serves a private build.
 */
export function spaPage(indexHtml: string, url: string, cookie: string | undefined): string {
  const [path = '/', query] = url.split('?');
  const urls = FIRST_PAGE_REQUESTS[path];
  return urls && query === undefined && hasSession(cookie) ? withPreloads(indexHtml, urls) : indexHtml;
}

export function webStatic(distDir: string = DEFAULT_WEB_DIST): FastifyPluginAsync {
  const plugin = async (app: FastifyInstance) => {
    const indexPath = join(distDir, 'index.html');
    const built = existsSync(indexPath);
    const indexHtml = built ? readFileSync(indexPath, 'utf8') : NOT_BUILT;
    if (built) {
      // wildcard: false registers one route per file, so no catch-all GET route confuses the 405 guard.
      await app.register(fastifyStatic, {
        root: distDir,
        wildcard: false,
        index: false,
        setHeaders: (reply, path) => {
          // Vite puts a content hash in every asset name: cache those for good, everything else revalidates.
          reply.header('cache-control', path.startsWith(join(distDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (request.routeOptions.url !== undefined) return; // a real route (API or asset) answers
      const path = request.url.split('?')[0] ?? '/';
      if (path === '/api' || path.startsWith('/api/')) return;
      // helmet's default CSP carries upgrade-insecure-requests: on plain http from another machine (a LAN address,
      // not localhost) the browser would then fetch every asset over https and show a blank page. The page only
      // loads same-origin relative URLs, so dropping the directive for it changes nothing under https.
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace(/;?\s*upgrade-insecure-requests/, ''));
      const page = built ? spaPage(indexHtml, request.url, request.headers.cookie) : indexHtml;
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'cookie').send(page);
    });
  };
  // Registered without encapsulation so the hook also sees requests that reach the root not-found handler
  // (this is what fastify-plugin does; Fastify documents the symbol).
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}

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

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Guanxi</title>
<p>The web app is not built yet. Run <code>npm run build:web</code> (npm start does it for you), then reload.</p>`;

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
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    });
  };
  // Registered without encapsulation so the hook also sees requests that reach the root not-found handler
  // (this is what fastify-plugin does; Fastify documents the symbol).
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}

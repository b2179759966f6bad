/** The web app is served at / with an SPA fallback, while /api/* keeps the API's own 404/405 envelope. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStatic } from '../../src/app/web-static.ts';
import { createTestApp, type TestApp } from '../harness.ts';

describe('web static files on the real server', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => app.close());

  it('answers client-side routes with the page', async () => {
    for (const url of ['/', '/people', '/people/0190a2b4-0000-7000-8000-000000000000', '/settings?tab=users']) {
      const response = await app.call({ method: 'GET', url, auth: false });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      // Plain http on a LAN address must not be told to fetch its assets over https.
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
  });

  it('keeps the API envelope for unknown /api paths and methods', async () => {
    const missing = await app.call({ method: 'GET', url: '/api/v1/no-such-thing', auth: false });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'REQUEST.NO_SUCH_ROUTE' } });
    const wrongMethod = await app.call({ method: 'PUT', url: '/api/v1/people' });
    expect(wrongMethod.statusCode).toBe(405);
    const post = await app.call({ method: 'POST', url: '/people', auth: false });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ error: { code: 'REQUEST.NO_SUCH_ROUTE' } });
  });
});

describe('web static files from a built folder', () => {
  const dist = mkdtempSync(join(tmpdir(), 'guanxi-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  const server = Fastify();

  beforeAll(async () => {
    await server.register(webStatic(dist));
    await server.ready();
  });
  afterAll(async () => server.close());

  it('serves hashed assets for a year and the page for everything else', async () => {
    const asset = await server.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const page = await server.inject({ method: 'GET', url: '/organisations/123' });
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-cache');
    const api = await server.inject({ method: 'GET', url: '/api/v1/x' });
    expect(api.statusCode).toBe(404);
    expect(api.body).not.toContain('<div id="root">');
  });
});

describe('the first page’s requests announced to a signed-in browser', () => {
  const dist = mkdtempSync(join(tmpdir(), 'guanxi-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>');
  const server = Fastify();
  const preloads = (html: string) => [...html.matchAll(/<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)">/g)].map((m) => m[1]);

  beforeAll(async () => {
    await server.register(webStatic(dist));
    await server.ready();
  });
  afterAll(async () => server.close());

  it('lists the people page’s requests in the head, exactly as the app’s client writes them', async () => {
    for (const url of ['/', '/people']) {
      const page = await server.inject({ method: 'GET', url, headers: { cookie: 'lang=zh-CN; guanxi_session=abc' } });
      expect(preloads(page.body), url).toEqual(['/api/v1/auth/me', '/api/v1/people?sort=name&amp;limit=100', '/api/v1/users', '/api/v1/custom-fields?objectType=person']);
      expect(page.body.indexOf('rel="preload"')).toBeLessThan(page.body.indexOf('</head>'));
      expect(page.headers.vary).toContain('cookie');
    }
  });

  it('announces nothing to a visitor who is not signed in, for another page, or for a list with filters in its URL', async () => {
    expect(preloads((await server.inject({ method: 'GET', url: '/people' })).body)).toEqual([]);
    expect(preloads((await server.inject({ method: 'GET', url: '/people', headers: { cookie: 'not_guanxi_session=abc' } })).body)).toEqual([]);
    expect(preloads((await server.inject({ method: 'GET', url: '/organisations', headers: { cookie: 'guanxi_session=abc' } })).body)).toEqual([]);
    expect(preloads((await server.inject({ method: 'GET', url: '/people?tag=VIP', headers: { cookie: 'guanxi_session=abc' } })).body)).toEqual([]);
  });
});

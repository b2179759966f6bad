import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (password: string, headers: Record<string, string> = {}) =>
  t.call({ method: 'POST', url: '/api/v1/auth/login', auth: false, headers, payload: { email: 'admin@example.com', password } });

describe('credentials', () => {
  it('lets a read-only token read but not write', async () => {
    const { token } = (await t.call({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'dashboard', scopes: ['read'] } })).json();
    expect((await t.call({ method: 'GET', url: '/api/v1/people', auth: token })).statusCode).toBe(200);
    const write = await t.call({ method: 'POST', url: '/api/v1/people', auth: token, payload: { name: '只读' } });
    expect(write.statusCode).toBe(403);
    expect(errorOf(write).code).toBe('AUTH.READ_ONLY_TOKEN');
  });

  it('refuses a cookie-authenticated write from another site, accepts the same site', async () => {
    const session = (await login('correct horse battery')).cookies.find((c) => c.name === 'guanxi_session')?.value;
    const cookie = `guanxi_session=${session}`;
    const foreign = await t.call({ method: 'POST', url: '/api/v1/people', auth: false, headers: { cookie, origin: 'https://evil.example', host: 'crm.example.com' }, payload: { name: '跨站' } });
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).code).toBe('AUTH.CROSS_SITE');
    const crossSite = await t.call({ method: 'POST', url: '/api/v1/people', auth: false, headers: { cookie, 'sec-fetch-site': 'cross-site' }, payload: { name: '跨站' } });
    expect(crossSite.statusCode).toBe(403);
    const garbage = await t.call({ method: 'POST', url: '/api/v1/people', auth: false, headers: { cookie, origin: 'not a url' }, payload: { name: '跨站' } });
    expect(garbage.statusCode).toBe(403);
    const same = await t.call({ method: 'POST', url: '/api/v1/people', auth: false, headers: { cookie, origin: 'http://crm.example.com', host: 'crm.example.com' }, payload: { name: '同站' } });
    expect(same.statusCode).toBe(201);
  });

  it('locks an account after five failed sign-ins, even against the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong password', { 'x-forwarded-for': `10.0.0.${i}` })).statusCode).toBe(401);
    const locked = await login('correct horse battery');
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('ACCESS.LOCKED');
  });

  it('sends security headers', async () => {
    const response = await t.call({ method: 'GET', url: '/api/v1/health', auth: false });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

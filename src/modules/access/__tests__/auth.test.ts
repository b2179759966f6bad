import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string) => t.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, auth: false });

describe('sign-in, sessions and tokens', () => {
  it('signs in with an httpOnly session cookie, answers /me, and signs out for good', async () => {
    const response = await login('ADMIN@example.com', 'correct horse battery');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'guanxi_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const headers = { cookie: `guanxi_session=${cookie?.value}` };
    const me = await t.call({ method: 'GET', url: '/api/v1/auth/me', headers, auth: false });
    expect(me.json().email).toBe('admin@example.com');
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/logout', headers, auth: false })).statusCode).toBe(204);
    expect((await t.call({ method: 'GET', url: '/api/v1/auth/me', headers, auth: false })).statusCode).toBe(401);
  });

  it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
    const wrong = await login('admin@example.com', 'wrong password!');
    const unknown = await login('nobody@example.com', 'wrong password!');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
  });

  it('stores passwords as argon2id and secrets only as hashes', async () => {
    const row = await t.services.access.findUserByEmail('admin@example.com');
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('creates API tokens that work as bearer credentials', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'integration', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { token } = created.json();
    expect((await t.call({ method: 'GET', url: '/api/v1/auth/me', auth: token })).statusCode).toBe(200);
  });

  it('lets only administrators create users, and refuses a taken e-mail with 409', async () => {
    const user = await t.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'sales@example.com', displayName: '销售小王', password: 'long enough pw' } });
    expect(user.statusCode).toBe(201);
    const dup = await t.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'Sales@Example.com', displayName: 'x', password: 'long enough pw' } });
    expect(dup.statusCode).toBe(409);
    const session = await login('sales@example.com', 'long enough pw');
    const cookie = session.cookies.find((c) => c.name === 'guanxi_session')?.value;
    const denied = await t.call({ method: 'POST', url: '/api/v1/users', headers: { cookie: `guanxi_session=${cookie}` }, auth: false, payload: { email: 'x@example.com', displayName: 'x', password: 'long enough pw' } });
    expect(denied.statusCode).toBe(403);
  });
});

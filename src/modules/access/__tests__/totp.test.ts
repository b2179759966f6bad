import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

// Its own app: sign-in attempts are rate-limited per IP, and the other security tests spend that budget.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('second factor (TOTP)', () => {
  it('enrols with a code, then requires one at sign-in, and can be turned off', async () => {
    const { totpCode } = await import('../totp.ts');
    const sys = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const user = await t.services.access.createUser(sys, { email: 'mfa@example.com', displayName: 'mfa', password: 'long enough password', roleKey: 'sales' });
    const { token } = await t.services.access.createApiTokenForEmail(user.email, 'x');
    const setup = (await t.call({ method: 'POST', url: '/api/v1/auth/totp/setup', auth: token })).json();
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Guanxi:mfa%40example\.com\?/);
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/totp/enable', auth: token, payload: { code: '000000' === totpCode(setup.secret) ? '111111' : '000000' } })).statusCode).toBe(400);
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/totp/enable', auth: token, payload: { code: totpCode(setup.secret) } })).json().totpEnabled).toBe(true);
    const signIn = (totp?: string) => t.call({ method: 'POST', url: '/api/v1/auth/login', auth: false, payload: { email: 'mfa@example.com', password: 'long enough password', ...(totp ? { totp } : {}) } });
    const missing = await signIn();
    expect(missing.statusCode).toBe(401);
    expect(errorOf(missing).code).toBe('ACCESS.TOTP_REQUIRED');
    expect((await signIn(totpCode(setup.secret, Date.now() - 10 * 60_000))).statusCode).toBe(400);
    expect((await signIn(totpCode(setup.secret))).statusCode).toBe(200);
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/totp/disable', auth: token, payload: { code: totpCode(setup.secret) } })).json().totpEnabled).toBe(false);
    expect((await signIn()).statusCode).toBe(200);
  });
});

import { sql } from 'kysely';
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

  it('keeps the seed encrypted at rest, upgrades a seed stored in clear, and an admin can reset a lost factor', async () => {
    const { totpCode } = await import('../totp.ts');
    const sys = { tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined };
    const user = await t.services.access.createUser(sys, { email: 'sealed@example.com', displayName: 'sealed', password: 'long enough password', roleKey: 'sales' });
    const { token } = await t.services.access.createApiTokenForEmail(user.email, 'x');
    const setup = (await t.call({ method: 'POST', url: '/api/v1/auth/totp/setup', auth: token })).json();
    const stored = async () => (await sql<{ totpSecret: string | null }>`SELECT totp_secret FROM users WHERE id = ${user.id}`.execute(t.database.db)).rows[0]?.totpSecret;
    const sealed = await stored();
    expect(sealed).toMatch(/^gx1\./);
    expect(sealed).not.toContain(setup.secret);
    await t.call({ method: 'POST', url: '/api/v1/auth/totp/enable', auth: token, payload: { code: totpCode(setup.secret) } });

    // A row written before encryption existed: the clear seed still works and is sealed on first use.
    await sql`UPDATE users SET totp_secret = ${setup.secret} WHERE id = ${user.id}`.execute(t.database.db);
    const signIn = (totp?: string) => t.call({ method: 'POST', url: '/api/v1/auth/login', auth: false, payload: { email: 'sealed@example.com', password: 'long enough password', ...(totp ? { totp } : {}) } });
    expect((await signIn(totpCode(setup.secret))).statusCode).toBe(200);
    expect(await stored()).toMatch(/^gx1\./);

    // A seed sealed for another user does not open here (names the cause, not a generic failure).
    const bob = await t.services.access.createUser(sys, { email: 'bob-mfa@example.com', displayName: 'bob', password: 'long enough password', roleKey: 'sales' });
    const bobToken = (await t.services.access.createApiTokenForEmail(bob.email, 'x')).token;
    await t.call({ method: 'POST', url: '/api/v1/auth/totp/setup', auth: bobToken });
    const bobSealed = (await sql<{ totpSecret: string }>`SELECT totp_secret FROM users WHERE id = ${bob.id}`.execute(t.database.db)).rows[0]?.totpSecret;
    expect(bobSealed).toMatch(/^gx1\./);
    await sql`UPDATE users SET totp_secret = ${bobSealed} WHERE id = ${user.id}`.execute(t.database.db);
    const refused = await signIn(totpCode(setup.secret));
    expect(refused.statusCode).toBe(500);
    expect(errorOf(refused).code).toBe('ACCESS.SECRET_KEY_MISMATCH');

    expect((await t.call({ method: 'POST', url: `/api/v1/users/${user.id}/totp/reset`, auth: token })).statusCode).toBe(403);
    const reset = await t.call({ method: 'POST', url: `/api/v1/users/${user.id}/totp/reset` });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().totpEnabled).toBe(false);
    expect(await stored()).toBeNull();
    expect((await signIn()).statusCode).toBe(200);
  });
});

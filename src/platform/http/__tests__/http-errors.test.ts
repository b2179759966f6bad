import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 64 * 1024 });
});
afterAll(() => t.close());

describe('the one error envelope', () => {
  it('answers health and the OpenAPI document without signing in', async () => {
    const health = await t.call({ method: 'GET', url: '/api/v1/health', auth: false });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    const spec = await t.call({ method: 'GET', url: '/api/v1/openapi.json', auth: false });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toBe('3.1.0');
  });

  it('refuses an anonymous or badly authenticated request with 401 before reading the body', async () => {
    const anonymous = await t.call({ method: 'POST', url: '/api/v1/people', auth: false, payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(anonymous.statusCode).toBe(401);
    expect(errorOf(anonymous).code).toBe('AUTH.REQUIRED');
    const wrong = await t.call({ method: 'GET', url: '/api/v1/people', auth: 'gxt_not-a-real-token' });
    expect(wrong.statusCode).toBe(401);
    const malformed = await t.call({ method: 'GET', url: '/api/v1/people', headers: { authorization: 'Basic abc' }, auth: false });
    expect(malformed.statusCode).toBe(401);
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/people', payload: '{"name": "张伟",', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('names the field on a wrong type', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: 42 } });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('REQUEST.VALIDATION');
    expect(error.message).toMatch(/^body\.name/);
  });

  it('refuses unknown fields instead of dropping them', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '张伟', nickname: '小张' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toContain('nickname');
    const query = await t.call({ method: 'GET', url: '/api/v1/people?colour=red' });
    expect(query.statusCode).toBe(400);
  });

  it('refuses NUL characters and out-of-range numbers before the database sees them', async () => {
    const nul = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: 'a\u0000b' } });
    expect(nul.statusCode).toBe(400);
    const limit = await t.call({ method: 'GET', url: '/api/v1/people?limit=99999999999' });
    expect(limit.statusCode).toBe(400);
    expect(errorOf(limit).message).toMatch(/^query\.limit/);
  });

  it('answers an oversized body with 413 and a foreign content type with 415', async () => {
    const big = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: 'x', notes: 'y'.repeat(100_000) } });
    expect(big.statusCode).toBe(413);
    expect(errorOf(big).code).toBe('REQUEST.BODY_TOO_LARGE');
    const xml = await t.call({ method: 'POST', url: '/api/v1/people', payload: '<person/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expect(errorOf(xml).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('tells a wrong method (405 with Allow) from an unknown path (404)', async () => {
    const wrongMethod = await t.call({ method: 'PUT', url: '/api/v1/people' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toContain('GET');
    expect(wrongMethod.headers.allow).toContain('POST');
    const unknown = await t.call({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('REQUEST.NO_SUCH_ROUTE');
  });

  it('answers a malformed id in the path with 400, not 500', async () => {
    const response = await t.call({ method: 'GET', url: "/api/v1/people/1'%20OR%201=1" });
    expect(response.statusCode).toBe(400);
  });

  it('sends a request id on every answer', async () => {
    const response = await t.call({ method: 'GET', url: '/api/v1/health', auth: false });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

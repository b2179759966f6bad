/**
 * A property-based fuzz over the whole API: every route, random and hostile bodies, query strings and path
 * parameters (SQL and script injection, huge numbers, NUL and other unicode edge cases). Never a 500; every
 * refusal is the one error envelope.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const person = (await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '模糊测试' } })).json();
  realIds.push(person.id);
});
afterAll(() => t.close());

const realIds: string[] = [];
/** A lone surrogate cannot be put in a URL at all; replace it as a browser would. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const hostile = fc.constantFrom(
  "' OR 1=1 --",
  "'; DROP TABLE people; --",
  '<script>alert(1)</script>',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '𠮷野家',
  '‮gnp.exe',
  '%00',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '9'.repeat(400),
  '-1e309',
  '1e309',
  'NaN',
  '{"$gt": ""}',
  '\\',
  '%',
  '_',
  '\u200b',
  'ＺＨＡＮＧ',
);
const hostileString = fc.oneof(hostile, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e300, -0),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom('name', 'phones', 'emails', 'birthday', 'custom', 'ownerId', 'tags', 'organisationId', 'notes', 'personId', 'date', 'kind', 'channel', 'status', 'email', 'password', 'permissions', 'rules', 'dryRun', 'reason', 'confirm', 'objectType', 'objectId', 'granteeId', 'fromUserId', 'toUserId', 'parentId', 'label', 'type', 'key');
const body = fc.oneof(fc.dictionary(fieldNames, hostileValue, { maxKeys: 6 }), fc.dictionary(hostileString, hostileValue, { maxKeys: 4 }), hostileValue);
const pathParam = fc.oneof(fc.uuid(), hostileString.filter((s) => s.length > 0), fc.constantFrom(...['00000000-0000-0000-0000-000000000000']));
const query = fc.dictionary(fc.constantFrom('q', 'limit', 'cursor', 'sort', 'cf', 'tag', 'ownerId', 'upcomingDays', 'objectType', 'objectId', 'from', 'to', 'province', 'createdFrom'), hostileString, { maxKeys: 4 });

describe('API fuzz', () => {
  it('never answers 500, and always with the error envelope when it refuses', async () => {
    const routes = t.app.routeCatalogue.filter((r) => r.url.startsWith('/api/v1') && !r.url.endsWith('/login'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), pathParam, body, query, fc.boolean(), async (route, id, payload, q, useRealId) => {
        const url = route.url.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(wellFormed(useRealId && realIds[0] ? realIds[0] : id)));
        const search = new URLSearchParams(Object.entries(q)).toString();
        const hasBody = !['GET', 'DELETE', 'HEAD'].includes(route.method);
        const response = await t.call({
          method: route.method as 'POST',
          url: search ? `${url}?${search}` : url,
          ...(hasBody ? { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } } : {}),
        });
        expect(response.statusCode, `${route.method} ${url} ${JSON.stringify(payload).slice(0, 200)} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const error = response.json().error;
          expect(typeof error?.code).toBe('string');
          expect(typeof error?.message).toBe('string');
        }
      }),
      { numRuns: 600, seed: 20261123 },
    );
  });
});

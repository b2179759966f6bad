import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, resolveSecretKey, SecretKeyMismatch } from '../secret-box.ts';

const key = randomBytes(32);

describe('secret box', () => {
  it('seals so that the stored text does not contain the secret, and opens it again', () => {
    const box = createSecretBox(() => key);
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 't:u:totp');
    expect(sealed.startsWith('gx1.')).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 't:u:totp')).not.toBe(sealed); // a fresh nonce every time
    expect(box.open(sealed, 't:u:totp')).toEqual({ value: 'JBSWY3DPEHPK3PXP', legacyPlaintext: false });
  });

  it('refuses another context (a value copied into another user\'s row), another key and altered bytes', () => {
    const box = createSecretBox(() => key);
    const sealed = box.seal('secret', 't:alice:totp');
    expect(() => box.open(sealed, 't:bob:totp')).toThrow(SecretKeyMismatch);
    expect(() => createSecretBox(() => randomBytes(32)).open(sealed, 't:alice:totp')).toThrow(SecretKeyMismatch);
    const raw = Buffer.from(sealed.slice(4), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`gx1.${raw.toString('base64url')}`, 't:alice:totp')).toThrow(SecretKeyMismatch);
    expect(() => box.open('gx1.AAAA', 't:alice:totp')).toThrow(SecretKeyMismatch);
  });

  it('hands back a value stored before encryption as it is, flagged for re-sealing', () => {
    expect(createSecretBox(() => key).open('JBSWY3DPEHPK3PXP', 'x')).toEqual({ value: 'JBSWY3DPEHPK3PXP', legacyPlaintext: true });
  });

  it('rejects a key of the wrong length when first used, not before', () => {
    const box = createSecretBox(() => randomBytes(16));
    expect(() => box.seal('x', 'c')).toThrow(/32 bytes, got 16/);
  });

  it('creates the key file once, owner-only, and reads the same key afterwards; a configured key wins', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gx-key-')), 'nested', 'secret.key');
    const first = resolveSecretKey(undefined, path);
    expect(first.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(undefined, path).equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(resolveSecretKey(key.toString('base64'), path).equals(key)).toBe(true);
  });
});

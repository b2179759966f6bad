/**
 * Encryption at rest for the few secrets the product must be able to read back (TOTP seeds; later, keys for
 * outside systems). AES-256-GCM with a random 96-bit nonce per value; the "context" (e.g. tenant:user:purpose) is
 * bound as associated data, so a sealed value copied into another user's row does not open there.
 *
 * Sealed form: `gx1.` + base64url(nonce ‖ tag ‖ ciphertext). A value without the prefix was stored before
 * encryption existed: `open` hands it back as it is and says so, and the caller re-seals it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PREFIX = 'gx1.';
const NONCE = 12;
const TAG = 16;
export const SECRET_KEY_BYTES = 32;

export type Opened = { value: string; legacyPlaintext: boolean };

export type SecretBox = {
  seal(plaintext: string, context: string): string;
  /** Throws SecretKeyMismatch when the value was sealed with another key (or altered). */
  open(stored: string, context: string): Opened;
};

export class SecretKeyMismatch extends Error {
  constructor() {
    super('a stored secret does not open with this server\'s key (GUANXI_SECRET_KEY or the data folder\'s secret.key changed?)');
  }
}

/** `key` is asked for on first use, so a server that never seals anything never creates a key file. */
export function createSecretBox(key: () => Buffer): SecretBox {
  let cached: Buffer | undefined;
  const theKey = () => {
    cached ??= key();
    if (cached.length !== SECRET_KEY_BYTES) throw new Error(`the secret key must be ${SECRET_KEY_BYTES} bytes, got ${cached.length}`);
    return cached;
  };
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', theKey(), nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return { value: stored, legacyPlaintext: true };
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      if (raw.length < NONCE + TAG) throw new SecretKeyMismatch();
      const decipher = createDecipheriv('aes-256-gcm', theKey(), raw.subarray(0, NONCE));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
      try {
        return { value: Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]).toString('utf8'), legacyPlaintext: false };
      } catch {
        throw new SecretKeyMismatch();
      }
    },
  };
}

/**
 * The key from configuration (base64) or, without one, from `path` — created on first use with owner-only
 * permissions. The file must be backed up with the database: without it, sealed secrets cannot be read.
 */
export function resolveSecretKey(configured: string | undefined, path: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  // 'wx': never overwrite a key another process wrote a moment ago.
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    throw error;
  }
  chmodSync(path, 0o600);
  return key;
}

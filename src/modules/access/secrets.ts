/** Random bearer secrets and their stored hashes; argon2id for passwords. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export function newSecret(prefix: 'gxs' | 'gxt'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 suffices for 256-bit random secrets (no dictionary to guess from); passwords get argon2id. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 hashes with argon2id by default; cost parameters follow the OWASP minimum (19 MiB, t=2).
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

let dummyHash: Promise<string> | undefined;
/** Verifying against this when the user does not exist keeps "no such user" and "wrong password" equally slow. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('guanxi-timing-equaliser');
  return dummyHash;
}

/** TOTP second factor (RFC 6238, 30-second steps, 6 digits), as authenticator apps expect it. */
import { Secret, TOTP } from 'otpauth';

const totpFor = (secret: string, label: string) => new TOTP({ issuer: 'Guanxi', label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, label: string): string {
  return totpFor(secret, label).toString();
}

/** Accepts the current code and one step either side (clock drift). */
export function totpValid(secret: string, code: string, label = 'user'): boolean {
  return /^\d{6}$/.test(code) && totpFor(secret, label).validate({ token: code, window: 1 }) !== null;
}

export function totpCode(secret: string, at = Date.now()): string {
  return totpFor(secret, 'user').generate({ timestamp: at });
}

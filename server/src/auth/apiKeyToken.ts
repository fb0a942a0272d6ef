import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `isk_<id>_<secret>`: the id finds the row, the secret is checked against
 * its SHA-256. A fast hash is enough because secrets are 256 random bits (no dictionary to try).
 */
const TOKEN = /^isk_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedApiKey {
  readonly id: string;
  /** Shown to the caller once; never stored. */
  readonly token: string;
  readonly secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = Array.from(randomBytes(16), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `isk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a token into id and secret; undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of two secrets of any length (both are hashed first). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Constant-time check of a secret against a stored hex SHA-256. */
export function verifySecret(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = createHash('sha256').update(secret).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

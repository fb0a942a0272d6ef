import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from '../config';

/**
 * Signed URLs carry `exp` (unix seconds), `kid` (which key) and `sig`:
 * base64url(HMAC-SHA256(secret, "<kid>\n<exp>\n<path>")). The path is the URL path only, so a
 * signature covers the image and any transform options in it, and no query parameter can be
 * added to change what is served.
 */
export interface SignatureParams {
  readonly exp: number;
  readonly kid: string;
  readonly sig: string;
}

export type SignatureCheck = 'valid' | 'invalid' | 'expired';

function mac(secret: Buffer, kid: string, exp: number, path: string): Buffer {
  return createHmac('sha256', secret).update(`${kid}\n${exp}\n${path}`).digest();
}

/** Signs `path` with the first key. */
export function signPath(path: string, expiresAt: Date, keys: readonly SigningKey[]): SignatureParams {
  const key = keys[0];
  if (!key) throw new Error('no signing key configured');
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return { exp, kid: key.id, sig: mac(key.secret, key.id, exp, path).toString('base64url') };
}

/** Reads the signature parameters of a query; undefined when none is present. */
export function readSignatureParams(
  query: Record<string, unknown>,
): SignatureParams | 'malformed' | undefined {
  const { exp, kid, sig } = query;
  if (exp === undefined && kid === undefined && sig === undefined) return undefined;
  if (typeof exp !== 'string' || typeof kid !== 'string' || typeof sig !== 'string') return 'malformed';
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'malformed';
  return { exp: Number(exp), kid, sig };
}

/** Checks a signature with any configured key (rotation); expiry is checked after authenticity. */
export function verifyPath(
  path: string,
  params: SignatureParams,
  keys: readonly SigningKey[],
  now: Date,
): SignatureCheck {
  const key = keys.find((k) => k.id === params.kid);
  if (!key) return 'invalid';
  const expected = mac(key.secret, key.id, params.exp, path);
  const given = Buffer.from(params.sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return params.exp * 1000 > now.getTime() ? 'valid' : 'expired';
}

export function toQueryString(params: SignatureParams): string {
  return new URLSearchParams({ exp: String(params.exp), kid: params.kid, sig: params.sig }).toString();
}

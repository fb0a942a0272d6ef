import { createHash } from 'node:crypto';
import { AppError } from '../errors';

/** Position of the last item of a page in the (createdAt desc, id desc) order. */
export interface ImageCursor {
  createdAt: Date;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Opaque cursor: base64url JSON plus a short checksum. The checksum catches truncated or edited
 * cursors (clients treat them as opaque); it is not a secret, and needs not be: a forged cursor only
 * moves the starting point inside results the caller may list anyway.
 */
export function encodeImageCursor(cursor: ImageCursor): string {
  const payload = Buffer.from(JSON.stringify({ t: cursor.createdAt.getTime(), i: cursor.id })).toString(
    'base64url',
  );
  return `${payload}.${checksum(payload)}`;
}

/** @throws AppError('INVALID_CURSOR') for anything `encodeImageCursor` did not produce. */
export function decodeImageCursor(token: string): ImageCursor {
  const [payload, sum, ...rest] = token.split('.');
  if (!payload || !sum || rest.length > 0 || !BASE64URL.test(payload) || sum !== checksum(payload)) {
    throw invalid();
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalid(cause);
  }
  if (typeof value !== 'object' || value === null) throw invalid();
  const { t, i } = value as Record<string, unknown>;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || typeof i !== 'string' || i.length === 0) {
    throw invalid();
  }
  return { createdAt: new Date(t), id: i };
}

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 8);
}

function invalid(cause?: unknown): AppError {
  return new AppError('INVALID_CURSOR', 'The cursor was not produced by this listing or has been altered.', {
    cause,
  });
}

import type { ApiKeyRecord, ImageRecord } from '../db';
import type { Codec } from '../cache';

function reviveDates<T>(raw: string, fields: readonly string[]): T {
  const value = JSON.parse(raw) as Record<string, unknown>;
  for (const f of fields) if (typeof value[f] === 'string') value[f] = new Date(value[f]);
  return value as T;
}

export const imageCodec: Codec<ImageRecord> = {
  encode: (v) => JSON.stringify(v),
  decode: (raw) => reviveDates(raw, ['createdAt', 'updatedAt']),
};

export const apiKeyCodec: Codec<ApiKeyRecord> = {
  encode: (v) => JSON.stringify(v),
  decode: (raw) => reviveDates(raw, ['createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt']),
};

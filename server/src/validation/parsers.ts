import { AppError } from '../errors';
import type { Scope, Visibility } from '../db';
import { SCOPES } from '../auth/scopes';

/**
 * One parser per input, each failing with a message that names the parameter and says what
 * was expected and what was received, so clients can fix the request without reading code.
 */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}" of type string`;
  return `${JSON.stringify(value)?.slice(0, 40) ?? String(value)} of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

export function invalid(name: string, expected: string, received: unknown): AppError {
  return new AppError(
    'INVALID_PARAMETER',
    `Expected ${expected} for ${name} but received ${describe(received)}.`,
    {
      extensions: { parameter: name },
    },
  );
}

/** Image ids are 22 base64url characters: nothing else can reach a storage key or a query. */
export const IMAGE_ID = /^[A-Za-z0-9_-]{22}$/;

export function parseImageId(value: unknown): string {
  if (typeof value !== 'string' || !IMAGE_ID.test(value))
    throw new AppError('NOT_FOUND', 'No image has this id.');
  return value;
}

const TAG = /^[a-z0-9][a-z0-9 _:.-]{0,63}$/;
export const MAX_TAGS = 50;

/** Tags come as a JSON array, a comma-separated string, or repeated values; they are trimmed and lower-cased. */
export function parseTags(value: unknown, name = 'tags'): string[] {
  const raw: unknown[] = [];
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v === 'string' && v.trim().startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(v);
        raw.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      } catch {
        throw invalid(name, 'a JSON array or comma-separated list of tags', v);
      }
    } else if (typeof v === 'string') raw.push(...v.split(','));
    else raw.push(v);
  }
  const tags = new Set<string>();
  for (const item of raw) {
    if (typeof item !== 'string') throw invalid(name, 'tags as strings', item);
    const tag = item.trim().toLowerCase();
    if (tag === '') continue;
    if (!TAG.test(tag)) throw invalid(name, 'tags of 1 to 64 characters from a-z, 0-9, space, _ : . -', item);
    tags.add(tag);
  }
  if (tags.size > MAX_TAGS) throw invalid(name, `at most ${MAX_TAGS} tags`, `${tags.size} tags`);
  return [...tags];
}

export function parseVisibility(value: unknown, name = 'visibility'): Visibility {
  if (value === 'public' || value === 'private') return value;
  throw invalid(name, '"public" or "private"', value);
}

export function parseIntegerIn(value: unknown, name: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(name, `an integer from ${min} to ${max}`, value);
  }
  return n;
}

export function parseScopes(value: unknown): Scope[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid('scopes', `a non-empty array of ${SCOPES.join(', ')}`, value);
  for (const s of value) {
    if (!(SCOPES as readonly unknown[]).includes(s))
      throw invalid('scopes', `one of ${SCOPES.join(', ')}`, s);
  }
  return [...new Set(value as Scope[])];
}

export function parseName(value: unknown, name = 'name'): string {
  if (typeof value !== 'string' || !/^[\w .@:-]{1,100}$/.test(value)) {
    throw invalid(name, 'a name of 1 to 100 letters, digits, spaces or . _ @ : -', value);
  }
  return value;
}

/** Rejects members that the endpoint does not know, so typos are not silently ignored. */
export function assertOnlyKeys(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_REQUEST', 'Expected a JSON object body.');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw new AppError(
        'INVALID_PARAMETER',
        `Unknown member "${key}"; expected only ${allowed.join(', ')}.`,
        {
          extensions: { parameter: key },
        },
      );
    }
  }
  return body as Record<string, unknown>;
}

import { InvalidBlobKeyError } from './InvalidBlobKeyError';

/** Longest key accepted, in characters (S3 allows 1024 bytes; keys here are ASCII). */
export const MAX_KEY_LENGTH = 1024;

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Checks a blob key: relative, segments of `[A-Za-z0-9._-]` joined by '/', no empty, '.' or '..'
 * segment, at most {@link MAX_KEY_LENGTH} characters. Pure; every store calls it before any I/O,
 * which is what makes path traversal impossible in the filesystem store.
 *
 * @throws InvalidBlobKeyError with the first rule the key breaks
 * @example
 * assertValidKey('originals/3f/3f9c.jpg'); // ok
 * assertValidKey('../etc/passwd'); // throws: Invalid blob key "../etc/passwd": "." and ".." segments are not allowed
 */
export function assertValidKey(key: string): void {
  const reason = keyProblem(key);
  if (reason !== undefined) throw new InvalidBlobKeyError(key, reason);
}

/** The first rule `key` breaks, or undefined. Shared with {@link assertValidPrefix}. */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return `expected a string but received ${typeof key}`;
  if (key === '') return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH} characters`;
  if (key.startsWith('/')) return 'must be relative (no leading "/")';
  for (const segment of key.split('/')) {
    if (segment === '') return 'empty segments ("//" or a trailing "/") are not allowed';
    if (segment === '.' || segment === '..') return '"." and ".." segments are not allowed';
    if (!SEGMENT.test(segment))
      return `segment ${JSON.stringify(segment)} has characters outside [A-Za-z0-9._-]`;
  }
  return undefined;
}

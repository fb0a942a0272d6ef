import { InvalidBlobKeyError } from './InvalidBlobKeyError';
import { MAX_KEY_LENGTH, keyProblem } from './assertValidKey';

const PARTIAL_SEGMENT = /^[A-Za-z0-9._-]*$/;

/**
 * Checks a prefix for `list` (`folder: false`: '' or the start of a valid key, e.g. 'originals/3f')
 * or for `deletePrefix` (`folder: true`: a valid key followed by '/', so '' — everything — is refused).
 * Pure; the stores call it before any I/O.
 *
 * @throws InvalidBlobKeyError
 */
export function assertValidPrefix(prefix: string, { folder }: { folder: boolean }): void {
  const reason = prefixProblem(prefix, folder);
  if (reason !== undefined) throw new InvalidBlobKeyError(prefix, `invalid prefix: ${reason}`);
}

function prefixProblem(prefix: unknown, folder: boolean): string | undefined {
  if (typeof prefix !== 'string') return `expected a string but received ${typeof prefix}`;
  if (folder && !prefix.endsWith('/')) return 'must end with "/"';
  if (prefix === '') return undefined;
  if (prefix.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH} characters`;
  if (prefix.startsWith('/')) return 'must be relative (no leading "/")';
  const cut = prefix.lastIndexOf('/');
  const tail = prefix.slice(cut + 1);
  if (!PARTIAL_SEGMENT.test(tail))
    return `segment ${JSON.stringify(tail)} has characters outside [A-Za-z0-9._-]`;
  // Everything before the last '/' must already be a complete, valid key.
  return cut === -1 ? undefined : keyProblem(prefix.slice(0, cut));
}

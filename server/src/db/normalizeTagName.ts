import { AppError } from '../errors';

/** Longest tag name, in characters (code points). */
export const MAX_TAG_NAME_LENGTH = 64;

/**
 * The stored form of a tag name: Unicode NFC, trimmed, inner whitespace collapsed to one space, lowercase.
 * Normalising on every write and every filter is what makes `Cat`, ` cat ` and `CAT` the same tag.
 * @throws AppError('INVALID_PARAMETER') when the result is empty, longer than 64 characters or holds control characters.
 * @example normalizeTagName('  Golden   Gate ') // 'golden gate'
 */
export function normalizeTagName(raw: unknown): string {
  if (typeof raw !== 'string') {
    throw invalidTag(`Expected a tag name string but received ${describe(raw)}`);
  }
  const name = raw.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
  const length = [...name].length;
  if (length === 0 || length > MAX_TAG_NAME_LENGTH) {
    throw invalidTag(
      `Expected a tag name of 1 to ${MAX_TAG_NAME_LENGTH} characters but received ${JSON.stringify(raw)} (${length} after trimming)`,
    );
  }
  if (/\p{Cc}/u.test(name)) {
    throw invalidTag(`Expected a tag name without control characters but received ${JSON.stringify(raw)}`);
  }
  return name;
}

function invalidTag(detail: string): AppError {
  return new AppError('INVALID_PARAMETER', detail, { extensions: { parameter: 'tags' } });
}

function describe(value: unknown): string {
  return value === null ? 'null' : `${String(value)} of type ${typeof value}`;
}

import type { ByteRange } from './types';

/**
 * Guards against a range the caller forgot to validate: S3 silently answers a malformed
 * `Range` header with the whole object, which must never pass for a partial response.
 *
 * @throws RangeError when start/end are not integers with 0 <= start <= end
 */
export function assertValidRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(
      `Expected a byte range with integers 0 <= start <= end but received ${JSON.stringify(range)}`,
    );
  }
}

import { AppError } from '../errors';
import type { NewImage, Visibility } from './types';

/** Ids and API key ids appear in URLs: unreserved URL characters only. */
export const ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const VISIBILITIES: readonly Visibility[] = ['public', 'private'];

/**
 * Checks a NewImage before anything is written (tags are checked by normalizeTags).
 * @throws AppError('INVALID_PARAMETER') naming the first offending field.
 */
export function validateNewImage(image: NewImage): void {
  check(
    typeof image.id === 'string' && ID_PATTERN.test(image.id),
    'id',
    '1 to 64 characters [A-Za-z0-9._~-]',
    image.id,
  );
  check(
    typeof image.sha256 === 'string' && SHA256.test(image.sha256),
    'sha256',
    '64 lowercase hex digits',
    image.sha256,
  );
  validateVisibility(image.visibility);
  text(image.contentType, 'contentType', 100);
  text(image.format, 'format', 16);
  text(image.storageKey, 'storageKey', 512);
  text(image.deliveryKey, 'deliveryKey', 512);
  positiveInteger(image.width, 'width');
  positiveInteger(image.height, 'height');
  positiveInteger(image.frames, 'frames');
  check(
    Number.isSafeInteger(image.bytes) && image.bytes >= 0,
    'bytes',
    'a non-negative integer',
    image.bytes,
  );
  check(
    Number.isSafeInteger(image.deliveryBytes) && image.deliveryBytes >= 0,
    'deliveryBytes',
    'a non-negative integer',
    image.deliveryBytes,
  );
  check(
    image.orientation === null ||
      (Number.isInteger(image.orientation) && image.orientation >= 1 && image.orientation <= 8),
    'orientation',
    'null or an EXIF orientation from 1 to 8',
    image.orientation,
  );
  check(typeof image.hasAlpha === 'boolean', 'hasAlpha', 'a boolean', image.hasAlpha);
  check(typeof image.animated === 'boolean', 'animated', 'a boolean', image.animated);
  check(
    image.exif === null || (typeof image.exif === 'object' && !Array.isArray(image.exif)),
    'exif',
    'null or an object',
    image.exif,
  );
}

/** @throws AppError('INVALID_PARAMETER') unless `value` is 'public' or 'private'. */
export function validateVisibility(value: unknown): asserts value is Visibility {
  check(VISIBILITIES.includes(value as Visibility), 'visibility', '"public" or "private"', value);
}

function positiveInteger(value: number, field: string): void {
  check(Number.isSafeInteger(value) && value > 0, field, 'a positive integer', value);
}

function text(value: string, field: string, max: number): void {
  check(
    typeof value === 'string' && value.length > 0 && value.length <= max,
    field,
    `1 to ${max} characters`,
    value,
  );
}

function check(ok: boolean, field: string, expected: string, received: unknown): void {
  if (!ok) {
    throw new AppError(
      'INVALID_PARAMETER',
      `Expected ${expected} for ${field} but received ${describe(received)}`,
      {
        extensions: { parameter: field },
      },
    );
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${String(value)} of type ${typeof value}`;
}

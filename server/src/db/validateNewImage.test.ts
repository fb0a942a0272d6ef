import type { NewImage } from './types';
import { validateNewImage, validateVisibility } from './validateNewImage';

const validImage: NewImage = {
  id: 'img_01',
  sha256: 'a'.repeat(64),
  contentType: 'image/png',
  format: 'png',
  width: 10,
  height: 20,
  orientation: null,
  hasAlpha: true,
  animated: false,
  frames: 1,
  bytes: 1234,
  visibility: 'public',
  exif: null,
  storageKey: 'originals/aa',
  deliveryKey: 'originals/aa',
  deliveryBytes: 1234,
  tags: [],
};

function errorOf(patch: Partial<Record<keyof NewImage, unknown>>): unknown {
  try {
    validateNewImage({ ...validImage, ...patch } as NewImage);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('validateNewImage', () => {
  it('accepts a complete image', () => {
    expect(errorOf({})).toBeUndefined();
    expect(errorOf({ orientation: 6, exif: { make: 'Canon' }, bytes: 0 })).toBeUndefined();
  });

  it.each([
    [{ id: '' }, 'id', 'Expected 1 to 64 characters [A-Za-z0-9._~-] for id but received ""'],
    [{ id: 'a/b' }, 'id', 'Expected 1 to 64 characters [A-Za-z0-9._~-] for id but received "a/b"'],
    [
      { id: 'x'.repeat(65) },
      'id',
      `Expected 1 to 64 characters [A-Za-z0-9._~-] for id but received "${'x'.repeat(65)}"`,
    ],
    [
      { sha256: 'A'.repeat(64) },
      'sha256',
      `Expected 64 lowercase hex digits for sha256 but received "${'A'.repeat(64)}"`,
    ],
    [
      { visibility: 'secret' },
      'visibility',
      'Expected "public" or "private" for visibility but received "secret"',
    ],
    [{ contentType: '' }, 'contentType', 'Expected 1 to 100 characters for contentType but received ""'],
    [
      { storageKey: undefined },
      'storageKey',
      'Expected 1 to 512 characters for storageKey but received undefined',
    ],
    [{ width: 0 }, 'width', 'Expected a positive integer for width but received 0 of type number'],
    [{ height: 'spoons' }, 'height', 'Expected a positive integer for height but received "spoons"'],
    [{ frames: 1.5 }, 'frames', 'Expected a positive integer for frames but received 1.5 of type number'],
    [{ bytes: -1 }, 'bytes', 'Expected a non-negative integer for bytes but received -1 of type number'],
    [
      { orientation: 9 },
      'orientation',
      'Expected null or an EXIF orientation from 1 to 8 for orientation but received 9 of type number',
    ],
    [{ hasAlpha: 'yes' }, 'hasAlpha', 'Expected a boolean for hasAlpha but received "yes"'],
    [{ exif: [] }, 'exif', 'Expected null or an object for exif but received an array'],
  ])('refuses %j', (patch, parameter, detail) => {
    expect(errorOf(patch)).toMatchObject({ code: 'INVALID_PARAMETER', detail, extensions: { parameter } });
  });
});

describe('validateVisibility', () => {
  it('accepts the two visibilities and refuses anything else', () => {
    expect(() => validateVisibility('public')).not.toThrow();
    expect(() => validateVisibility('private')).not.toThrow();
    expect(() => validateVisibility('PUBLIC')).toThrow(
      'Expected "public" or "private" for visibility but received "PUBLIC"',
    );
  });
});

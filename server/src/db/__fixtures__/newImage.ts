import { createHash, randomBytes } from 'node:crypto';
import type { NewImage } from '../types';

/** A valid NewImage with a random id and content hash; override what the test is about. */
export function newImage(overrides: Partial<NewImage> = {}): NewImage {
  const id = overrides.id ?? `img_${randomBytes(6).toString('hex')}`;
  const sha256 = createHash('sha256').update(randomBytes(16)).digest('hex');
  return {
    id,
    sha256,
    contentType: 'image/jpeg',
    format: 'jpeg',
    width: 640,
    height: 480,
    orientation: 1,
    hasAlpha: false,
    animated: false,
    frames: 1,
    bytes: 12_345,
    visibility: 'public',
    exif: {
      make: 'Canon',
      model: 'EOS R5',
      takenAt: '2026-05-01T10:00:00.000Z',
      gps: { latitude: 48.85, longitude: 2.35 },
    },
    storageKey: `originals/${sha256}`,
    deliveryKey: `delivery/${sha256}`,
    deliveryBytes: 12_000,
    tags: [],
    ...overrides,
  };
}

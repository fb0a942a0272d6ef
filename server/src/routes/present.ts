import type { ApiKeyRecord, ImageRecord } from '../db';
import type { TaggingView } from '../tagging';

/** The public JSON shape of an image. Location is included only for callers allowed to read private data. */
export function presentImage(
  image: ImageRecord,
  options: { baseUrl: string; includeLocation: boolean },
  tagging?: TaggingView,
) {
  const exif = image.exif ? { ...image.exif } : null;
  if (exif && !options.includeLocation) delete exif.gps;
  return {
    id: image.id,
    sha256: image.sha256,
    contentType: image.contentType,
    format: image.format,
    width: image.width,
    height: image.height,
    orientation: image.orientation,
    hasAlpha: image.hasAlpha,
    animated: image.animated,
    frames: image.frames,
    bytes: image.bytes,
    visibility: image.visibility,
    exif,
    tags: image.tags.map((t) => ({ name: t.name, source: t.source, confidence: t.confidence })),
    createdAt: image.createdAt.toISOString(),
    updatedAt: image.updatedAt.toISOString(),
    url: `${options.baseUrl}/i/${image.id}`,
    ...tagging,
  };
}

export function presentApiKey(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

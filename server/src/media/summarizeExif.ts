import exifReader from 'exif-reader';
import { xmpGps, xmpHasLocation } from './xmp';
import type { ExifSummary } from './types';

/** What the metadata blocks of an image say about where and with what it was taken. */
export interface MetadataSummary {
  /** null when no EXIF field worth showing is present (a TIFF file always has IFD0, for instance). */
  exif: ExifSummary | null;
  hasLocation: boolean;
}

/**
 * Summarises raw EXIF (the TIFF structure sharp's `metadata().exif` returns, `Exif\0\0` prefix
 * included or not) and an XMP packet. Unreadable EXIF is treated as absent rather than failing the
 * upload: the image itself decoded fine, and stripping removes such blocks whole.
 */
export function summarizeMetadata(exif: Buffer | undefined, xmp: Buffer | undefined): MetadataSummary {
  const xmpText = xmp?.toString('utf8');
  const parsed = exif ? readExif(exif) : undefined;
  const summary: ExifSummary = {};
  const make = text(parsed?.Image?.Make);
  const model = text(parsed?.Image?.Model);
  const lens = text(parsed?.Photo?.LensModel) ?? text(parsed?.Photo?.LensMake);
  const takenAt = wallClock(
    parsed?.Photo?.DateTimeOriginal ?? parsed?.Image?.DateTime,
    text(parsed?.Photo?.OffsetTimeOriginal),
  );
  const gps = exifGps(parsed?.GPSInfo) ?? (xmpText ? xmpGps(xmpText) : undefined);
  if (make) summary.make = make;
  if (model) summary.model = model;
  if (lens) summary.lens = lens;
  if (takenAt) summary.takenAt = takenAt;
  if (gps) summary.gps = gps;
  const gpsTags = Object.keys(parsed?.GPSInfo ?? {}).filter((k) => k !== 'GPSVersionID');
  return {
    exif: Object.keys(summary).length === 0 ? null : summary,
    hasLocation: gpsTags.length > 0 || (xmpText !== undefined && xmpHasLocation(xmpText)),
  };
}

function readExif(exif: Buffer): exifReader.Exif | undefined {
  try {
    return exifReader(exif);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Cameras pad fixed-size fields with NULs and spaces.
  const cleaned = value.replace(/\0+$/, '').trim();
  return cleaned.length > 0 ? cleaned : undefined;
}

/**
 * exif-reader turns EXIF's zone-less `YYYY:MM:DD HH:mm:ss` into a Date as if it were UTC; read
 * the fields back as UTC to recover the camera's wall clock, and add the offset only if recorded.
 */
function wallClock(value: unknown, offset: string | undefined): string | undefined {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined;
  const local = value.toISOString().slice(0, 19);
  return offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? `${local}${offset}` : local;
}

function exifGps(gps: exifReader.Exif['GPSInfo']): ExifSummary['gps'] {
  if (!gps) return undefined;
  const latitude = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const longitude = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  if (latitude === undefined || longitude === undefined) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const result: NonNullable<ExifSummary['gps']> = { latitude, longitude };
  const altitude = gps.GPSAltitude;
  if (typeof altitude === 'number' && Number.isFinite(altitude)) {
    result.altitude = gps.GPSAltitudeRef === 1 ? -altitude : altitude;
  }
  return result;
}

function degrees(dms: unknown, ref: unknown, negative: string): number | undefined {
  if (
    !Array.isArray(dms) ||
    dms.length === 0 ||
    !dms.every((n) => typeof n === 'number' && Number.isFinite(n))
  )
    return undefined;
  const [d = 0, m = 0, s = 0] = dms as number[];
  const value = d + m / 60 + s / 3600;
  return typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -value : value;
}

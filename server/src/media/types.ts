/** Image formats the server accepts, named after their container (AVIF is HEIF with AV1, reported apart). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'heif';

/** Which metadata `stripMetadata` removes; same values as the config's `StripMetadata`. */
export type StripMode = 'location' | 'all' | 'none';

/** The part of the EXIF worth showing to people; every field is optional because cameras disagree. */
export interface ExifSummary {
  make?: string;
  model?: string;
  lens?: string;
  /**
   * When the picture was taken, as the camera's wall clock: `YYYY-MM-DDTHH:mm:ss`, followed by the
   * UTC offset only when the EXIF carries one (OffsetTimeOriginal). Never silently claims UTC.
   */
  takenAt?: string;
  /** Decimal degrees (south and west negative); altitude in metres, negative below sea level. */
  gps?: { latitude: number; longitude: number; altitude?: number };
}

export interface ImageInfo {
  format: ImageFormat;
  /** Exact MIME type for `format`, e.g. `image/jpeg`. */
  contentType: string;
  /** Size as stored, before EXIF orientation is applied (one frame for animations). */
  width: number;
  height: number;
  /** Size as displayed, after EXIF orientation (swapped for orientations 5–8). */
  displayWidth: number;
  displayHeight: number;
  /** EXIF orientation 1–8, or null when the file carries none. */
  orientation: number | null;
  hasAlpha: boolean;
  /** Number of frames (pages for TIFF); 1 for still images. */
  frames: number;
  animated: boolean;
  exif: ExifSummary | null;
  /** GPS present in EXIF or XMP. */
  hasLocation: boolean;
  /** Any EXIF, XMP, IPTC or text comments. */
  hasMetadata: boolean;
}

/** The limits `inspectImage` enforces before any pixel is decoded. */
export interface InspectLimits {
  /** Largest accepted width × height of one frame. */
  readonly maxPixels: number;
  /** Largest accepted number of frames (or TIFF pages). */
  readonly maxFrames: number;
}

/** Result of `stripMetadata`: `bytes` is the size of the written copy, or of the input when unchanged. */
export interface StripResult {
  changed: boolean;
  bytes: number;
}

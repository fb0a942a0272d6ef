/**
 * Content validation and metadata for uploads: what an image really is, whether it is within the
 * limits, what its EXIF says, and a copy without the metadata the server is configured to remove.
 */
export { sniffFormat, SNIFF_BYTES } from './sniffFormat';
export { inspectImage } from './inspectImage';
export { stripMetadata } from './stripMetadata';
export { CONTENT_TYPES } from './formats';
export type { ImageFormat, ExifSummary, ImageInfo, InspectLimits, StripMode, StripResult } from './types';

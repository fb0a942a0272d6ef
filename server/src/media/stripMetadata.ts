import { stat } from 'node:fs/promises';
import { withFileSource, writeEditedFile, type ByteSource, type Edit } from './bytes';
import { AppError } from '../errors';
import {
  planIsoStrip,
  planJpegStrip,
  planPngStrip,
  planTiffStrip,
  planWebpStrip,
  UnsupportedHeifLayoutError,
} from './containers';
import { MalformedTiffError } from './tiff';
import type { ImageFormat, ImageInfo, StripMode, StripResult } from './types';

type Planner = (source: ByteSource, mode: 'location' | 'all') => Promise<Edit[]>;

/**
 * Every format is edited in place at the container level; no pixel is re-encoded. GIF has no EXIF
 * and its rare XMP/comment extensions are left alone (see the note in the media README section).
 */
const PLANNERS: Readonly<Record<ImageFormat, Planner | undefined>> = {
  jpeg: planJpegStrip,
  png: planPngStrip,
  webp: planWebpStrip,
  avif: planIsoStrip,
  heif: planIsoStrip,
  tiff: planTiffStrip,
  gif: undefined,
};

/**
 * Writes to `outPath` a copy of the image without the metadata `mode` says to remove:
 * `'location'` removes GPS from EXIF and XMP; `'all'` removes EXIF (but the orientation), XMP,
 * IPTC and comments; `'none'` removes nothing. ICC profiles and orientation are always kept, and
 * the edit is lossless for every format: only metadata segments, chunks or items are rewritten, so
 * decoded pixels are identical.
 *
 * @param info - what `inspectImage` returned for `inPath` (its format picks the container editor)
 * @returns `{ changed: false, bytes: <input size> }` without writing anything when nothing needs removing
 * @throws AppError `UNSUPPORTED_MEDIA_TYPE` when the container cannot be edited safely in place
 *   (BigTIFF, HEIF item tables we cannot follow): refusing is the only way not to leak what the
 *   metadata holds. Nothing is left at `outPath`.
 */
export async function stripMetadata(
  inPath: string,
  info: ImageInfo,
  mode: StripMode,
  outPath: string,
): Promise<StripResult> {
  const planner = PLANNERS[info.format];
  // info's flags are not used to skip planning: sharp does not report every place metadata hides
  // (JPEG COM and vendor APPn, PNG tIME, GPS in MPF secondary images), and planning only reads headers.
  if (mode === 'none' || !planner) return { changed: false, bytes: (await stat(inPath)).size };
  const edits = await withFileSource(inPath, (source) => planner(source, mode)).catch((err: unknown) => {
    if (err instanceof MalformedTiffError || err instanceof UnsupportedHeifLayoutError) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `This ${info.format.toUpperCase()} file's metadata cannot be removed safely; convert it to another format.`,
        { cause: err },
      );
    }
    throw err;
  });
  if (edits.length === 0) return { changed: false, bytes: (await stat(inPath)).size };
  await writeEditedFile(inPath, outPath, edits);
  return { changed: true, bytes: (await stat(outPath)).size };
}

import type { ByteSource, Edit } from '../bytes';
import { planTiffEdits, TiffReader } from '../tiff';

/**
 * Plans the removal of metadata from a TIFF file in place. A TIFF file is itself the structure that
 * Exif borrows, so the same same-length IFD rewrite applies (see `planTiffEdits`): 'location' drops
 * the GPS IFD and XMP GPS properties of every page, 'all' also drops descriptive tags, Exif, XMP,
 * IPTC and Photoshop blocks. Strips and tiles are never touched.
 *
 * @throws MalformedTiffError for BigTIFF and broken IFD chains
 */
export async function planTiffStrip(source: ByteSource, mode: 'location' | 'all'): Promise<Edit[]> {
  return planTiffEdits(await TiffReader.open(source), mode);
}

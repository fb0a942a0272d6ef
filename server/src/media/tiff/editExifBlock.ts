import { applyEditsToBuffer, bufferSource } from '../bytes';
import { planTiffEdits } from './planTiffEdits';
import { TiffReader } from './TiffReader';
import { MalformedTiffError, TAG } from './types';

/**
 * What to do with one Exif block (its TIFF structure, without the `Exif\0\0` prefix):
 * a Buffer to write instead, `'keep'` when nothing needs removing, or `'drop'` to remove the block.
 * With `sameLength`, the answer is never `'drop'` and a replacement always has the input's length,
 * for containers whose offsets must not move (ISOBMFF items).
 */
export type ExifBlockAction = Buffer | 'keep' | 'drop';

/**
 * Removes location ('location') or everything but the orientation ('all') from an Exif block.
 * A block that cannot be walked is removed whole rather than risk leaking what it holds.
 */
export async function editExifBlock(
  block: Buffer,
  mode: 'location' | 'all',
  sameLength = false,
): Promise<ExifBlockAction> {
  try {
    const tiff = await TiffReader.open(bufferSource(block));
    if (mode === 'location') {
      const edits = await planTiffEdits(tiff, 'location');
      return edits.length === 0 ? 'keep' : applyEditsToBuffer(block, edits);
    }
    const ifd0 = await tiff.readIfd(tiff.firstIfd);
    if (ifd0.next === 0 && ifd0.entries.every((e) => e.tag === TAG.Orientation)) return 'keep';
    const orientation = ifd0.entries.find((e) => e.tag === TAG.Orientation && e.type === 3 && e.count === 1);
    const value = orientation
      ? tiff.littleEndian
        ? block.readUInt16LE(orientation.valueAt)
        : block.readUInt16BE(orientation.valueAt)
      : 1;
    return replacement(value >= 2 && value <= 8 ? value : undefined, block.length, sameLength);
  } catch (err) {
    if (!(err instanceof MalformedTiffError)) throw err;
    return replacement(undefined, block.length, sameLength);
  }
}

function replacement(orientation: number | undefined, length: number, sameLength: boolean): ExifBlockAction {
  if (!sameLength) return orientation === undefined ? 'drop' : buildOrientationExif(orientation);
  const minimal = buildOrientationExif(orientation);
  // Padding after the last IFD is unreferenced, hence invisible to readers.
  return minimal.length <= length
    ? Buffer.concat([minimal, Buffer.alloc(length - minimal.length)])
    : Buffer.alloc(length);
}

/**
 * The smallest valid Exif TIFF structure: IFD0 with only the Orientation tag (or no tag at all),
 * so that an image stripped of metadata is still displayed the right way up.
 */
export function buildOrientationExif(orientation: number | undefined): Buffer {
  const entries = orientation === undefined ? 0 : 1;
  const out = Buffer.alloc(8 + 2 + entries * 12 + 4);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries, 8);
  if (orientation !== undefined) {
    out.writeUInt16LE(TAG.Orientation, 10);
    out.writeUInt16LE(3, 12); // SHORT
    out.writeUInt32LE(1, 14);
    out.writeUInt16LE(orientation, 18);
  }
  return out;
}

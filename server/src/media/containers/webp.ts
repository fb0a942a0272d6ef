import { editedSize, type ByteSource, type Edit } from '../bytes';
import { editExifBlock } from '../tiff';
import { removeXmpLocation, xmpHasLocation } from '../xmp';

const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1');
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;
/** Where the VP8X flags byte sits: RIFF header (12) + chunk header (8). */
const VP8X_FLAGS_AT = 20;

/**
 * Plans the removal of metadata from a WebP by editing RIFF chunks; the VP8/VP8L/ANMF bitstreams
 * are untouched. Only extended (VP8X) files can carry metadata.
 *
 * - `'location'`: GPS removed from the EXIF chunk in place and from the XMP chunk.
 * - `'all'`: EXIF replaced by an orientation-only block (or dropped when there is no orientation),
 *   XMP dropped. ICCP is kept.
 * - Both: the VP8X EXIF/XMP flags and the RIFF size are updated to match; bytes past the RIFF
 *   payload are dropped.
 */
export async function planWebpStrip(source: ByteSource, mode: 'location' | 'all'): Promise<Edit[]> {
  const header = await source.read(0, 21);
  if (header.length < 21 || header.toString('latin1', 12, 16) !== 'VP8X') return [];
  const riffEnd = Math.min(source.size, 8 + header.readUInt32LE(4));
  const edits: Edit[] = [];
  let hasExif = false;
  let hasXmp = false;
  for (let at = 12; at + 8 <= riffEnd;) {
    const head = await source.read(at, 8);
    const fourcc = head.toString('latin1', 0, 4);
    const size = head.readUInt32LE(4);
    const end = Math.min(riffEnd, at + 8 + size + (size % 2));
    if (fourcc === 'EXIF') {
      const payload = await source.read(at + 8, size);
      const prefixed = payload.subarray(0, EXIF_PREFIX.length).equals(EXIF_PREFIX);
      const action = await editExifBlock(prefixed ? payload.subarray(EXIF_PREFIX.length) : payload, mode);
      if (action === 'drop') edits.push({ start: at, end });
      else {
        hasExif = true;
        if (action !== 'keep')
          edits.push({
            start: at,
            end,
            data: chunk('EXIF', prefixed ? Buffer.concat([EXIF_PREFIX, action]) : action),
          });
      }
    } else if (fourcc === 'XMP ') {
      if (mode === 'all') edits.push({ start: at, end });
      else {
        hasXmp = true;
        const packet = await source.read(at + 8, size);
        if (xmpHasLocation(packet.toString('utf8')))
          edits.push({ start: at, end, data: chunk('XMP ', removeXmpLocation(packet)) });
      }
    }
    at = end;
  }
  if (riffEnd < source.size) edits.push({ start: riffEnd, end: source.size });
  if (edits.length === 0) return edits;

  const flags = header[VP8X_FLAGS_AT]!;
  const newFlags = (flags & ~(FLAG_EXIF | FLAG_XMP)) | (hasExif ? FLAG_EXIF : 0) | (hasXmp ? FLAG_XMP : 0);
  if (newFlags !== flags)
    edits.push({ start: VP8X_FLAGS_AT, end: VP8X_FLAGS_AT + 1, data: Buffer.from([newFlags]) });
  const riffSize = Buffer.alloc(4);
  riffSize.writeUInt32LE(editedSize(source.size, [...edits, { start: 4, end: 8, data: riffSize }]) - 8);
  edits.push({ start: 4, end: 8, data: riffSize });
  return edits.sort((a, b) => a.start - b.start);
}

function chunk(fourcc: string, payload: Buffer): Buffer {
  const padded = payload.length % 2;
  const out = Buffer.alloc(8 + payload.length + padded);
  out.write(fourcc, 0, 'latin1');
  out.writeUInt32LE(payload.length, 4);
  payload.copy(out, 8);
  return out;
}

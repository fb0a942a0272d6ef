import type { ByteSource, Edit } from '../bytes';
import { editExifBlock } from '../tiff';
import { removeXmpLocation, xmpHasLocation } from '../xmp';

const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const XMP_ID = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const XMP_EXTENSION_ID = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
const ICC_ID = Buffer.from('ICC_PROFILE\0', 'latin1');

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;
const EOI_MARKER = Buffer.from([0xff, EOI]);

/**
 * Plans the removal of metadata from a JPEG by editing marker segments before the first scan;
 * entropy-coded data is never touched, so pixels stay bit-identical.
 *
 * - `'location'`: GPS removed from the Exif block in place (see `planTiffEdits`) and GPS properties
 *   from the XMP packet; Extended XMP (depth maps and other large payloads split across segments)
 *   is dropped because a property can straddle two segments.
 * - `'all'`: Exif is replaced by an orientation-only block; XMP, Extended XMP, IPTC/Photoshop
 *   (APP13), comments (COM) and the other vendor APPn segments are dropped. Kept: JFIF (APP0),
 *   ICC profile (APP2), Adobe colour transform (APP14).
 * - Both: data after the primary image's EOI (MPF secondary images, gain maps) is dropped with its
 *   MPF index, because those embedded JPEGs carry their own Exif, GPS included.
 */
export async function planJpegStrip(source: ByteSource, mode: 'location' | 'all'): Promise<Edit[]> {
  const edits: Edit[] = [];
  let at = 2;
  for (;;) {
    const head = await source.read(at, 4);
    if (head.length < 2 || head[0] !== 0xff) return edits; // not a marker: leave the rest alone
    const marker = head[1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === EOI) return edits;
    if (marker === SOS) break;
    if (head.length < 4) return edits;
    const end = at + 2 + head.readUInt16BE(2);
    const action = await segmentAction(source, marker, at + 4, end, mode);
    if (action === 'drop') edits.push({ start: at, end });
    else if (action !== 'keep') edits.push({ start: at, end, data: segment(marker, action) });
    at = end;
  }
  const eoi = await findEoi(source, at);
  if (eoi !== undefined && eoi < source.size) edits.push({ start: eoi, end: source.size });
  return edits;
}

async function segmentAction(
  source: ByteSource,
  marker: number,
  start: number,
  end: number,
  mode: 'location' | 'all',
): Promise<Buffer | 'keep' | 'drop'> {
  const isApp = marker >= APP0 && marker <= APP15;
  if (!isApp && marker !== COM) return 'keep';
  const payload = await source.read(start, end - start);
  if (marker === APP1 && hasPrefix(payload, EXIF_ID)) {
    const action = await editExifBlock(payload.subarray(EXIF_ID.length), mode);
    return Buffer.isBuffer(action) ? Buffer.concat([EXIF_ID, action]) : action;
  }
  if (marker === APP1 && hasPrefix(payload, XMP_ID)) {
    if (mode === 'all') return 'drop';
    const packet = payload.subarray(XMP_ID.length);
    return xmpHasLocation(packet.toString('utf8'))
      ? Buffer.concat([XMP_ID, removeXmpLocation(packet)])
      : 'keep';
  }
  if (marker === APP1 && hasPrefix(payload, XMP_EXTENSION_ID)) return 'drop';
  if (marker === APP2 && hasPrefix(payload, Buffer.from('MPF\0', 'latin1'))) return 'drop';
  if (mode === 'location') return 'keep';
  if (marker === APP0 || marker === APP14) return 'keep';
  if (marker === APP2 && hasPrefix(payload, ICC_ID)) return 'keep';
  return 'drop';
}

function segment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function hasPrefix(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.subarray(0, prefix.length).equals(prefix);
}

/**
 * Offset just past the primary image's EOI. Inside entropy-coded data 0xFF is always followed by
 * 0x00 (stuffing) or a restart marker, so the first FF D9 after the first scan ends the image;
 * progressive scans and their tables in between are markers that are not D9.
 */
async function findEoi(source: ByteSource, from: number): Promise<number | undefined> {
  const chunk = 1 << 16;
  let lastByte = 0;
  for (let at = from; at < source.size; at += chunk) {
    const buf = await source.read(at, chunk);
    if (lastByte === 0xff && buf[0] === EOI) return at + 1;
    const i = buf.indexOf(EOI_MARKER);
    if (i >= 0) return at + i + 2;
    lastByte = buf[buf.length - 1] ?? 0;
  }
  return undefined;
}

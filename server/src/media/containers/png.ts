import { crc32, deflateSync, inflateSync } from 'node:zlib';
import type { ByteSource, Edit } from '../bytes';
import { editExifBlock } from '../tiff';
import { removeXmpLocation, xmpHasLocation } from '../xmp';

const SIGNATURE_LENGTH = 8;
const XMP_KEYWORD = 'XML:com.adobe.xmp';
/** ImageMagick stores Exif and XMP as hex text under these keywords; they may hold GPS. */
const RAW_PROFILE = /^Raw profile type (exif|app1|xmp)$/i;
/** A compressed XMP packet larger than this is dropped rather than inflated (zip-bomb guard). */
const MAX_XMP_BYTES = 16 * 1024 * 1024;
const TEXT_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt']);

/**
 * Plans the removal of metadata from a PNG by dropping or rewriting ancillary chunks (with fresh
 * CRCs); IDAT and every chunk that affects rendering (iCCP, sRGB, gAMA, cHRM, pHYs…) stay as they are.
 *
 * - `'location'`: GPS removed from eXIf in place; GPS properties removed from the XMP text chunk
 *   (tEXt, zTXt as libvips writes it, or iTXt); ImageMagick "Raw profile" text chunks dropped,
 *   since they are hex copies of Exif/XMP.
 * - `'all'`: eXIf replaced by an orientation-only block (PNG has no other place for orientation);
 *   tEXt, zTXt, iTXt and tIME dropped.
 * - Both: bytes after IEND are dropped.
 */
export async function planPngStrip(source: ByteSource, mode: 'location' | 'all'): Promise<Edit[]> {
  const edits: Edit[] = [];
  for (let at = SIGNATURE_LENGTH; at + 12 <= source.size;) {
    const head = await source.read(at, 8);
    const length = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    const end = at + 12 + length;
    if (end > source.size) return edits; // truncated: inspectImage refuses such files anyway
    if (type === 'IEND') {
      if (end < source.size) edits.push({ start: end, end: source.size });
      return edits;
    }
    if (type === 'eXIf') {
      const action = await editExifBlock(await source.read(at + 8, length), mode);
      if (action === 'drop') edits.push({ start: at, end });
      else if (action !== 'keep') edits.push({ start: at, end, data: chunk('eXIf', action) });
    } else if (TEXT_CHUNKS.has(type)) {
      const action = textAction(type, await source.read(at + 8, length), mode);
      if (action === 'drop') edits.push({ start: at, end });
      else if (action !== 'keep') edits.push({ start: at, end, data: action });
    } else if (type === 'tIME' && mode === 'all') {
      edits.push({ start: at, end });
    }
    at = end;
  }
  return edits;
}

function textAction(type: string, data: Buffer, mode: 'location' | 'all'): Buffer | 'keep' | 'drop' {
  if (mode === 'all') return 'drop';
  const nul = data.indexOf(0);
  const keyword = data.toString('latin1', 0, nul < 0 ? data.length : nul);
  if (RAW_PROFILE.test(keyword)) return 'drop';
  if (keyword !== XMP_KEYWORD) return 'keep';
  const xmp = textOf(type, data, nul);
  if (xmp === undefined) return 'drop';
  if (!xmpHasLocation(xmp.toString('utf8'))) return 'keep';
  const cleaned = removeXmpLocation(xmp);
  const name = Buffer.from(XMP_KEYWORD, 'latin1');
  // Same chunk type as found, so that the reader that wrote it (libvips uses zTXt) still finds it.
  if (type === 'tEXt') return chunk('tEXt', Buffer.concat([name, Buffer.from([0]), cleaned]));
  if (type === 'zTXt') return chunk('zTXt', Buffer.concat([name, Buffer.from([0, 0]), deflateSync(cleaned)]));
  // iTXt: keyword, compression flag 0, method 0, empty language tag, empty translated keyword, text
  return chunk('iTXt', Buffer.concat([name, Buffer.from([0, 0, 0, 0, 0]), cleaned]));
}

/** The text of a tEXt, zTXt or iTXt chunk, inflated when compressed; undefined when malformed. */
function textOf(type: string, data: Buffer, keywordEnd: number): Buffer | undefined {
  if (keywordEnd < 0) return undefined;
  let compressed: boolean;
  let text: Buffer;
  if (type === 'tEXt') {
    compressed = false;
    text = data.subarray(keywordEnd + 1);
  } else if (type === 'zTXt') {
    compressed = true;
    text = data.subarray(keywordEnd + 2);
  } else {
    compressed = data[keywordEnd + 1] === 1;
    const languageEnd = data.indexOf(0, keywordEnd + 3);
    const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
    if (translatedEnd < 0) return undefined;
    text = data.subarray(translatedEnd + 1);
  }
  try {
    return compressed ? inflateSync(text, { maxOutputLength: MAX_XMP_BYTES }) : text;
  } catch {
    return undefined;
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

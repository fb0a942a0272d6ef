import type { ImageFormat } from './types';

/**
 * How many leading bytes `sniffFormat` wants. Binary signatures need at most the ISOBMFF `ftyp`
 * box (well under 64 bytes); the rest is for SVG, whose `<svg` tag may follow an XML prolog,
 * a DOCTYPE and an editor's comment.
 */
export const SNIFF_BYTES = 1024;

const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
  'mif2',
]);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * Tells the image format from the first bytes of a file, ignoring its name and declared type.
 * Returns `'svg'` for SVG (and XML whose root is `<svg`) so that callers can refuse it by name,
 * and `undefined` for anything else, including formats this server does not accept.
 *
 * @param head - the first bytes of the file; pass `SNIFF_BYTES` (at least 64) when the file is that long
 * @example
 * sniffFormat(Buffer.from('GIF89a...')) // 'gif'
 */
export function sniffFormat(head: Buffer): ImageFormat | 'svg' | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  const ascii6 = head.toString('latin1', 0, 6);
  if (ascii6 === 'GIF87a' || ascii6 === 'GIF89a') return 'gif';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  // Classic TIFF (42) and BigTIFF (43), in both byte orders.
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') return sniffIsoBrand(head);
  if (looksLikeSvg(head)) return 'svg';
  return undefined;
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** AVIF and HEIF share the ISOBMFF container; the `ftyp` brands tell them apart (and from MP4). */
function sniffIsoBrand(head: Buffer): ImageFormat | undefined {
  const boxSize = head.readUInt32BE(0);
  const major = head.toString('latin1', 8, 12);
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4)
    brands.push(head.toString('latin1', at, at + 4));
  if (AVIF_BRANDS.has(major)) return 'avif';
  const avif = brands.some((b) => AVIF_BRANDS.has(b));
  // 'mif1'/'msf1' only say "some HEIF image": AVIF files list them too, next to 'avif'.
  const hevcFamily = brands.some((b) => HEIF_BRANDS.has(b) && b !== 'mif1' && b !== 'msf1' && b !== 'mif2');
  if (avif && !hevcFamily) return 'avif';
  if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heif';
  return undefined;
}

/** SVG is XML text whose root element is `svg`; skip a BOM, whitespace, the prolog, comments and a DOCTYPE. */
function looksLikeSvg(head: Buffer): boolean {
  let text = head.toString('utf8').replace(/^\uFEFF/, '');
  for (;;) {
    const trimmed = text.trimStart();
    const skipped = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg[^>[]*(\[[\s\S]*?\])?\s*>)/i.exec(
      trimmed,
    );
    if (!skipped) {
      text = trimmed;
      break;
    }
    text = trimmed.slice(skipped[0].length);
  }
  // A DOCTYPE naming svg is enough even if the root tag falls beyond the sniffed bytes.
  if (/<!DOCTYPE\s+svg/i.test(head.toString('utf8'))) return true;
  return /^<svg[\s>/]/i.test(text) || /^<[A-Za-z_][\w.-]*:svg[\s>/]/.test(text);
}

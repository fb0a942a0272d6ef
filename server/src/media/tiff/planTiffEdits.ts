import type { Edit } from '../bytes';
import { removeXmpLocation, xmpHasLocation } from '../xmp';
import type { TiffReader } from './TiffReader';
import { MalformedTiffError, POINTER_TAGS, TAG, type Ifd } from './types';

/** Descriptive tags that identify people, devices or software; removed from TIFF files in 'all' mode. */
const DESCRIPTIVE_TAGS: ReadonlySet<number> = new Set([
  TAG.ImageDescription,
  TAG.Make,
  TAG.Model,
  TAG.Software,
  TAG.DateTime,
  TAG.Artist,
  TAG.HostComputer,
  TAG.Copyright,
  TAG.XMP,
  TAG.IPTC,
  TAG.Photoshop,
  TAG.ExifIFD,
  TAG.GPSIFD,
  // Windows XP* tags (title, comment, author, keywords, subject).
  0x9c9b,
  0x9c9c,
  0x9c9d,
  0x9c9e,
  0x9c9f,
]);

/**
 * Plans a same-length rewrite of a TIFF structure (a TIFF file or an Exif payload) so that no
 * offset anywhere moves:
 * - `'location'` drops the GPSInfo pointer from every IFD of the main chain, zeroes the GPS IFD and
 *   its values, and removes GPS properties from an XMP packet (tag 700) in place;
 * - `'all'` also drops descriptive tags, the Exif IFD, XMP, IPTC and Photoshop blocks, keeping
 *   the image structure, the ICC profile and the orientation (meant for TIFF files; Exif payloads
 *   in other containers are replaced whole instead).
 * Dropped entries are compacted within the IFD and the freed tail zeroed, so the IFD keeps its size.
 *
 * @returns absolute same-length edits, empty when nothing needs removing
 * @throws MalformedTiffError when the structure cannot be walked safely
 */
export async function planTiffEdits(tiff: TiffReader, mode: 'location' | 'all'): Promise<Edit[]> {
  const remove = mode === 'all' ? DESCRIPTIVE_TAGS : new Set<number>([TAG.GPSIFD]);
  const replacements: Edit[] = [];
  const zeroes: Array<[number, number]> = [];
  for (const ifd of await tiff.readChain()) {
    const dropped = ifd.entries.filter((e) => remove.has(e.tag));
    if (dropped.length > 0) {
      replacements.push(compactIfd(tiff, ifd, new Set(dropped.map((e) => e.entryAt))));
      for (const entry of dropped) await zeroValue(tiff, entry, zeroes, new Set());
    }
    const xmp = mode === 'location' ? ifd.entries.find((e) => e.tag === TAG.XMP) : undefined;
    if (xmp?.valueLength) {
      const packet = await tiff.source.read(xmp.valueAt, xmp.valueLength);
      if (xmpHasLocation(packet.toString('utf8')))
        replacements.push({
          start: xmp.valueAt,
          end: xmp.valueAt + packet.length,
          data: removeXmpLocation(packet),
        });
    }
  }
  return mergeEdits(replacements, zeroes);
}

/** The IFD rewritten without the entries at `droppedAt`, followed by zeros to its old size. */
function compactIfd(tiff: TiffReader, ifd: Ifd, droppedAt: ReadonlySet<number>): Edit {
  const size = 2 + ifd.entries.length * 12 + 4;
  const out = Buffer.alloc(size);
  const kept = ifd.entries.filter((e) => !droppedAt.has(e.entryAt));
  const w16 = (v: number, at: number) =>
    tiff.littleEndian ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at);
  const w32 = (v: number, at: number) =>
    tiff.littleEndian ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at);
  w16(kept.length, 0);
  kept.forEach((e, i) => {
    const at = 2 + i * 12;
    w16(e.tag, at);
    w16(e.type, at + 2);
    w32(e.count, at + 4);
    w32(e.raw, at + 8);
  });
  w32(ifd.next, 2 + kept.length * 12);
  return { start: ifd.at, end: ifd.at + size, data: out };
}

/** Zeroes an entry's out-of-line value and, for IFD pointers, the whole pointed-to IFD tree. */
async function zeroValue(
  tiff: TiffReader,
  entry: Ifd['entries'][number],
  zeroes: Array<[number, number]>,
  seen: Set<number>,
): Promise<void> {
  if (entry.valueLength !== undefined && entry.valueLength > 4)
    zeroes.push([entry.valueAt, entry.valueAt + entry.valueLength]);
  if (!POINTER_TAGS.has(entry.tag) || seen.has(entry.raw)) return;
  seen.add(entry.raw);
  const sub = await tiff.readIfd(entry.raw);
  zeroes.push([sub.at, sub.at + 2 + sub.entries.length * 12 + 4]);
  for (const child of sub.entries) await zeroValue(tiff, child, zeroes, seen);
}

/**
 * Combines replacements with zero ranges: zero ranges are merged, zeros falling inside a
 * replacement are applied to its data, and a replacement that straddles a zero range means the
 * structure shares bytes in ways we do not rewrite.
 */
function mergeEdits(replacements: Edit[], zeroes: Array<[number, number]>): Edit[] {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...zeroes].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const edits: Edit[] = [...replacements];
  for (const [s, e] of merged) {
    const host = edits.find((r) => s < r.end && e > r.start);
    if (!host) {
      edits.push({ start: s, end: e, data: Buffer.alloc(e - s) });
      continue;
    }
    if (s < host.start || e > host.end) throw new MalformedTiffError('removed values overlap rewritten IFDs');
    host.data!.fill(0, s - host.start, e - host.start);
  }
  return edits.sort((a, b) => a.start - b.start);
}

import type { ByteSource, Edit } from '../bytes';
import { editExifBlock } from '../tiff';
import { emptyXmp, isEmptyXmp, removeXmpLocation, xmpHasLocation } from '../xmp';

/** A meta box larger than this is not a real image's item table. */
const MAX_META_BYTES = 16 * 1024 * 1024;

interface Box {
  readonly type: string;
  /** Absolute offsets of the payload (after the size/type header). */
  readonly start: number;
  readonly end: number;
}

interface Extent {
  readonly offset: number;
  readonly length: number;
}

/** Raised for AVIF/HEIF files whose item tables cannot be followed; the caller refuses to serve them stripped. */
export class UnsupportedHeifLayoutError extends Error {
  constructor(message: string) {
    super(`cannot edit HEIF metadata in place: ${message}`);
    this.name = 'UnsupportedHeifLayoutError';
  }
}

/**
 * Plans the removal of metadata from an AVIF or HEIF file by patching its Exif and XMP items in
 * place: every replacement has the same length, so `iloc` offsets stay valid and the coded image
 * items are untouched (lossless, and possible without an HEVC decoder).
 *
 * - `'location'`: the Exif item loses its GPS IFD (see `planTiffEdits`); the XMP item loses its
 *   GPS properties (padded with spaces).
 * - `'all'`: the Exif item becomes an orientation-only block padded with zeros; the XMP item an
 *   empty packet padded with spaces. Orientation proper lives in the `irot`/`imir` properties,
 *   which are kept, like the `colr` colour profile.
 *
 * @throws UnsupportedHeifLayoutError when the item tables are malformed
 */
export async function planIsoStrip(source: ByteSource, mode: 'location' | 'all'): Promise<Edit[]> {
  const meta = (await topLevelBoxes(source)).find((b) => b.type === 'meta');
  if (!meta) return [];
  if (meta.end - meta.start > MAX_META_BYTES) throw new UnsupportedHeifLayoutError('meta box is too large');
  const metaBytes = await source.read(meta.start, meta.end - meta.start);
  const children = childBoxes(metaBytes, 4, meta.start); // meta is a FullBox
  const iinf = children.find((b) => b.type === 'iinf');
  const iloc = children.find((b) => b.type === 'iloc');
  if (!iinf || !iloc) return [];
  const local = (b: Box) => metaBytes.subarray(b.start - meta.start, b.end - meta.start);
  const idat = children.find((b) => b.type === 'idat');
  let items: Map<number, 'exif' | 'xmp'>;
  let locations: Map<number, Extent[]>;
  try {
    items = readItemTypes(local(iinf));
    locations = readLocations(local(iloc), idat?.start);
  } catch (err) {
    // Buffer reads past a table's end: the table is shorter than its counts claim. (Checked by
    // code, not instanceof: Node's RangeError may come from another realm, e.g. under jest.)
    if ((err as { code?: unknown }).code === 'ERR_OUT_OF_RANGE')
      throw new UnsupportedHeifLayoutError('item tables are truncated');
    throw err;
  }

  const edits: Edit[] = [];
  for (const [id, kind] of items) {
    const extents = locations.get(id);
    if (!extents) continue;
    const data = Buffer.concat(await Promise.all(extents.map((e) => source.read(e.offset, e.length))));
    if (data.length !== extents.reduce((n, e) => n + e.length, 0))
      throw new UnsupportedHeifLayoutError(`item ${id} lies past the end of the file`);
    const replacement = kind === 'exif' ? await exifItem(data, mode) : xmpItem(data, mode);
    if (!replacement) continue;
    let at = 0;
    for (const e of extents) {
      edits.push({
        start: e.offset,
        end: e.offset + e.length,
        data: replacement.subarray(at, at + e.length),
      });
      at += e.length;
    }
  }
  return edits.sort((a, b) => a.start - b.start);
}

async function exifItem(data: Buffer, mode: 'location' | 'all'): Promise<Buffer | undefined> {
  if (data.length < 4) return undefined;
  // The item starts with the offset of the TIFF header, which may follow an "Exif\0\0" prefix.
  const tiffAt = 4 + data.readUInt32BE(0);
  if (tiffAt >= data.length) throw new UnsupportedHeifLayoutError('Exif item header is out of range');
  const action = await editExifBlock(data.subarray(tiffAt), mode, true);
  if (!Buffer.isBuffer(action)) return undefined;
  return Buffer.concat([data.subarray(0, tiffAt), action]);
}

function xmpItem(data: Buffer, mode: 'location' | 'all'): Buffer | undefined {
  if (mode === 'all') return isEmptyXmp(data) ? undefined : emptyXmp(data.length);
  return xmpHasLocation(data.toString('utf8')) ? removeXmpLocation(data) : undefined;
}

async function topLevelBoxes(source: ByteSource): Promise<Box[]> {
  const boxes: Box[] = [];
  for (let at = 0; at + 8 <= source.size;) {
    const head = await source.read(at, 16);
    const box = boxAt(head, 0, at, source.size);
    boxes.push(box);
    if (box.end <= at) break;
    at = box.end;
  }
  return boxes;
}

/** Parses the box header at `at` in `buf`, whose first byte sits at absolute offset `absolute`. */
function boxAt(buf: Buffer, at: number, absolute: number, limit: number): Box {
  if (at + 8 > buf.length) throw new UnsupportedHeifLayoutError('box header is truncated');
  let size = buf.readUInt32BE(at);
  const type = buf.toString('latin1', at + 4, at + 8);
  let header = 8;
  if (size === 1) {
    if (at + 16 > buf.length) throw new UnsupportedHeifLayoutError('box header is truncated');
    size = Number(buf.readBigUInt64BE(at + 8));
    header = 16;
  } else if (size === 0) {
    size = limit - absolute;
  }
  if (size < header || absolute + size > limit)
    throw new UnsupportedHeifLayoutError(`box ${type} overruns its parent`);
  return { type, start: absolute + header, end: absolute + size };
}

function childBoxes(buf: Buffer, from: number, absoluteBase: number): Box[] {
  const boxes: Box[] = [];
  for (let at = from; at + 8 <= buf.length;) {
    const box = boxAt(buf, at, absoluteBase + at, absoluteBase + buf.length);
    boxes.push(box);
    at = box.end - absoluteBase;
  }
  return boxes;
}

/** Item ids of Exif items and XMP (`mime` application/rdf+xml) items, from an `iinf` payload. */
function readItemTypes(iinf: Buffer): Map<number, 'exif' | 'xmp'> {
  const version = iinf[0];
  const found = new Map<number, 'exif' | 'xmp'>();
  for (const infe of childBoxes(iinf, version === 0 ? 6 : 8, 0)) {
    if (infe.type !== 'infe') continue;
    const body = iinf.subarray(infe.start, infe.end);
    const v = body[0]!;
    if (v < 2) continue; // versions 0 and 1 predate item types
    const id = v === 2 ? body.readUInt16BE(4) : body.readUInt32BE(4);
    const typeAt = v === 2 ? 8 : 10;
    const itemType = body.toString('latin1', typeAt, typeAt + 4);
    if (itemType === 'Exif') found.set(id, 'exif');
    if (itemType === 'mime') {
      const nameEnd = body.indexOf(0, typeAt + 4);
      const typeEnd = nameEnd < 0 ? -1 : body.indexOf(0, nameEnd + 1);
      if (typeEnd > 0 && body.toString('latin1', nameEnd + 1, typeEnd) === 'application/rdf+xml')
        found.set(id, 'xmp');
    }
  }
  return found;
}

/** Absolute file extents of every item, from an `iloc` payload (construction methods 0 and 1). */
function readLocations(iloc: Buffer, idatStart: number | undefined): Map<number, Extent[]> {
  const version = iloc[0]!;
  let at = 4;
  const sizes = iloc[at++]!;
  const packed = iloc[at++]!;
  const [offsetSize, lengthSize, baseSize, indexSize] = [
    sizes >> 4,
    sizes & 15,
    packed >> 4,
    version > 0 ? packed & 15 : 0,
  ];
  const uint = (size: number): number => {
    if (size === 0) return 0;
    const value = size === 4 ? iloc.readUInt32BE(at) : size === 8 ? Number(iloc.readBigUInt64BE(at)) : NaN;
    if (Number.isNaN(value)) throw new UnsupportedHeifLayoutError(`field size ${size} in iloc`);
    at += size;
    return value;
  };
  const count = version < 2 ? iloc.readUInt16BE((at += 2) - 2) : uint(4);
  const locations = new Map<number, Extent[]>();
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? iloc.readUInt16BE((at += 2) - 2) : uint(4);
    const method = version > 0 ? iloc.readUInt16BE((at += 2) - 2) & 15 : 0;
    at += 2; // data_reference_index
    const base = uint(baseSize);
    const extentCount = iloc.readUInt16BE((at += 2) - 2);
    const extents: Extent[] = [];
    for (let e = 0; e < extentCount; e++) {
      if (indexSize > 0) uint(indexSize);
      const offset = uint(offsetSize);
      extents.push({ offset, length: uint(lengthSize) });
    }
    if (method === 0)
      locations.set(
        id,
        extents.map((e) => ({ offset: base + e.offset, length: e.length })),
      );
    else if (method === 1 && idatStart !== undefined)
      locations.set(
        id,
        extents.map((e) => ({ offset: idatStart + base + e.offset, length: e.length })),
      );
  }
  return locations;
}

/**
 * Real test images, generated on the fly with sharp so that no binary fixture is committed.
 * Reused by the media tests, the HTTP upload tests and the benchmarks.
 *
 * Every `make*` function returns the encoded file as a Buffer. Pixels are noisy by default so that
 * lossless comparisons and truncation tests exercise real entropy-coded data, not a flat colour.
 *
 * @example
 * const jpeg = await makeJpeg({ width: 640, height: 480, exif: SAMPLE_EXIF, orientation: 6 });
 * const bomb = await makeBombPng(30000, 30000); // ~110 KB on disk, 900 Mpx declared
 */
import { createDeflate } from 'node:zlib';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** EXIF fields the generators can write; all optional. */
export interface ExifInput {
  make?: string;
  model?: string;
  lens?: string;
  /** EXIF date format `YYYY:MM:DD HH:mm:ss`. */
  takenAt?: string;
  /** UTC offset written as OffsetTimeOriginal, e.g. `+02:00`. */
  takenAtOffset?: string;
  gps?: { latitude: number; longitude: number; altitude?: number };
}

export interface ImageOptions {
  width?: number;
  height?: number;
  /** Adds an alpha channel (PNG, WebP, AVIF, TIFF). */
  alpha?: boolean;
  exif?: ExifInput;
  /** EXIF orientation 1–8. */
  orientation?: number;
  /** A complete XMP packet, e.g. from `xmpPacket()`. */
  xmp?: string;
  /** Flat colour instead of noise: compresses to almost nothing. */
  flat?: boolean;
}

/** Paris, 48°51'24"N 2°21'00"E, 35 m: exact in degrees/minutes/seconds, so round trips compare exactly. */
export const SAMPLE_GPS = { latitude: 48 + 51 / 60 + 24 / 3600, longitude: 2 + 21 / 60, altitude: 35 };

/** Camera, lens, date and position: everything `ExifSummary` reports. */
export const SAMPLE_EXIF: ExifInput = {
  make: 'Acme',
  model: 'Falcon 9',
  lens: 'Acme 35mm f/1.4',
  takenAt: '2024:05:06 07:08:09',
  gps: SAMPLE_GPS,
};

/** An XMP packet with a creator and, when given, a GPS position in the EXIF schema (attribute form). */
export function xmpPacket(gps?: { latitude: number; longitude: number }): string {
  const coordinate = (value: number, pos: string, neg: string) => {
    const abs = Math.abs(value);
    const degrees = Math.floor(abs);
    return `${degrees},${((abs - degrees) * 60).toFixed(4)}${value < 0 ? neg : pos}`;
  };
  const gpsAttrs = gps
    ? ` exif:GPSLatitude="${coordinate(gps.latitude, 'N', 'S')}" exif:GPSLongitude="${coordinate(gps.longitude, 'E', 'W')}"`
    : '';
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/"' +
    `${gpsAttrs}><dc:creator><rdf:Seq><rdf:li>Test Author</rdf:li></rdf:Seq></dc:creator>` +
    (gps ? '<exif:GPSVersionID>2.3.0.0</exif:GPSVersionID>' : '') +
    '</rdf:Description></rdf:RDF></x:xmpmeta>' +
    `${' '.repeat(200)}<?xpacket end="w"?>`
  );
}

export function makeJpeg(options: ImageOptions = {}): Promise<Buffer> {
  return withMetadata(source(options), options)
    .jpeg({ quality: 90 })
    .toBuffer()
    .then((buf) => belowSeaLevel(buf, options));
}

export function makePng(options: ImageOptions = {}): Promise<Buffer> {
  return withMetadata(source(options), options)
    .png()
    .toBuffer()
    .then((buf) => belowSeaLevel(buf, options));
}

export function makeWebp(options: ImageOptions = {}): Promise<Buffer> {
  return withMetadata(source(options), options)
    .webp({ quality: 90 })
    .toBuffer()
    .then((buf) => belowSeaLevel(buf, options));
}

export function makeAvif(options: ImageOptions = {}): Promise<Buffer> {
  return withMetadata(source(options), options)
    .avif({ quality: 60, effort: 0 })
    .toBuffer()
    .then((buf) => belowSeaLevel(buf, options));
}

/**
 * A HEIF file (brand `mif1`, not `avif`) whose image is AV1-coded. sharp's prebuilt libvips has no
 * HEVC codec, so a real HEIC cannot be generated here; relabelling the brands is enough to exercise
 * the `image/heif` path, since the container and item tables are the same.
 */
export async function makeHeif(options: ImageOptions = {}): Promise<Buffer> {
  const file = await makeAvif(options);
  const ftypSize = file.readUInt32BE(0);
  for (let at = 8; at + 4 <= ftypSize; at += 4) {
    const brand = file.toString('latin1', at, at + 4);
    if (brand === 'avif' || brand === 'avis') file.write('mif1', at, 'latin1');
  }
  return file;
}

/**
 * A losslessly compressed (LZW) TIFF. libvips writes no Exif to TIFF, so when `exif` is given the
 * Make/Model tags and a GPS IFD are appended by hand, with IFD0 moved to the end of the file.
 */
export async function makeTiff(options: ImageOptions = {}): Promise<Buffer> {
  const tiff = await withMetadata(source(options), { ...options, exif: undefined })
    .tiff({ compression: 'lzw' })
    .toBuffer();
  return options.exif ? addExifToTiff(tiff, options.exif) : tiff;
}

/** A still GIF (GIF carries no EXIF). */
export function makeGif(options: ImageOptions = {}): Promise<Buffer> {
  return source(options).gif().toBuffer();
}

/** An animated GIF of `frames` frames of different colours, 100 ms each. */
export function makeAnimatedGif(frames: number, options: ImageOptions = {}): Promise<Buffer> {
  return animation(frames, options).gif().toBuffer();
}

/** An animated WebP of `frames` frames. */
export function makeAnimatedWebp(frames: number, options: ImageOptions = {}): Promise<Buffer> {
  return withMetadata(animation(frames, options), options).webp({ quality: 80 }).toBuffer();
}

/** An SVG that would run a script if served inline. */
export function makeSvg(): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- generated -->\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
  );
}

/** Bytes that are no image at all (a ZIP local file header followed by text), for a file named .jpg. */
export function makeNotAnImage(): Buffer {
  return Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('not an image '.repeat(20))]);
}

/** A noisy JPEG cut in half: the header is intact, the entropy-coded data ends early. */
export async function makeTruncatedJpeg(options: ImageOptions = {}): Promise<Buffer> {
  const full = await makeJpeg({ width: 256, height: 256, ...options });
  return full.subarray(0, Math.floor(full.length / 2));
}

/**
 * A decompression bomb: a valid 1-bit greyscale PNG of `width`×`height` all-black pixels. Rows are
 * deflated as a stream, so neither the generator nor the file ever holds the pixels; 30000×30000
 * (900 Mpx, 3.6 GB as RGBA) is about 110 KB.
 */
export async function makeBombPng(width: number, height: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  const row = Buffer.alloc(1 + Math.ceil(width / 8)); // filter byte 0 + packed zero bits
  const rowsPerChunk = Math.max(1, Math.floor((1 << 22) / row.length));
  const block = Buffer.concat(Array.from({ length: rowsPerChunk }, () => row));
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (c: Buffer) => compressed.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (let rows = 0; rows < height; rows += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, height - rows);
    if (!deflate.write(n === rowsPerChunk ? block : block.subarray(0, n * row.length))) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end();
  await done;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(compressed)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The sharp `withExif` object for an `ExifInput` (IFD0 = image, IFD2 = Exif, IFD3 = GPS). */
export function exifTags(exif: ExifInput): sharp.Exif {
  const ifd0: Record<string, string> = {};
  const ifd2: Record<string, string> = {};
  const ifd3: Record<string, string> = {};
  if (exif.make) ifd0.Make = exif.make;
  if (exif.model) ifd0.Model = exif.model;
  if (exif.lens) ifd2.LensModel = exif.lens;
  if (exif.takenAt) ifd2.DateTimeOriginal = exif.takenAt;
  if (exif.takenAtOffset) ifd2.OffsetTimeOriginal = exif.takenAtOffset;
  if (exif.gps) {
    ifd3.GPSLatitudeRef = exif.gps.latitude < 0 ? 'S' : 'N';
    ifd3.GPSLatitude = dms(exif.gps.latitude);
    ifd3.GPSLongitudeRef = exif.gps.longitude < 0 ? 'W' : 'E';
    ifd3.GPSLongitude = dms(exif.gps.longitude);
    if (exif.gps.altitude !== undefined) {
      ifd3.GPSAltitudeRef = exif.gps.altitude < 0 ? '1' : '0';
      ifd3.GPSAltitude = `${Math.round(Math.abs(exif.gps.altitude) * 100)}/100`;
    }
  }
  return { IFD0: ifd0, IFD2: ifd2, IFD3: ifd3 };
}

/**
 * libvips cannot write GPSAltitudeRef (a BYTE) from sharp's string tags, so it is always 0 (above
 * sea level); set it to 1 in the encoded file when the altitude is negative. libvips writes
 * little-endian Exif, where the entry reads 05 00 | 01 00 | 01 00 00 00 | value.
 */
function belowSeaLevel(buf: Buffer, options: ImageOptions): Buffer {
  if ((options.exif?.gps?.altitude ?? 0) >= 0) return buf;
  const entry = Buffer.from('0500010001000000', 'hex');
  const at = buf.indexOf(entry);
  if (at < 0) throw new Error('GPSAltitudeRef entry not found');
  buf[at + entry.length] = 1;
  return buf;
}

function dms(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 100);
  return `${degrees}/1 ${minutes}/1 ${seconds}/100`;
}

function source(options: ImageOptions): Sharp {
  const { width = 64, height = 48, alpha = false, flat = false } = options;
  const channels = alpha ? 4 : 3;
  const image = sharp({
    create: {
      width,
      height,
      channels,
      background: { r: 200, g: 60, b: 20, alpha: 0.5 },
      ...(flat ? {} : { noise: { type: 'gaussian' as const, mean: 128, sigma: 40 } }),
    },
  });
  // Noise fills every channel, alpha included; keep a visible gradient of transparency instead.
  return alpha && !flat ? image.ensureAlpha(0.5) : image;
}

function withMetadata(image: Sharp, options: ImageOptions): Sharp {
  let out = image;
  if (options.orientation !== undefined) out = out.withMetadata({ orientation: options.orientation });
  if (options.exif) out = out.withExif(exifTags(options.exif));
  if (options.xmp) out = out.withXmp(options.xmp);
  return out;
}

function animation(frames: number, options: ImageOptions): Sharp {
  const { width = 32, height = 24 } = options;
  const pixels = Buffer.alloc(width * height * frames * 3);
  for (let f = 0; f < frames; f++) {
    const colour = [(f * 53) % 256, (f * 101) % 256, 80 + ((f * 29) % 176)];
    for (let p = 0; p < width * height; p++) pixels.set(colour, (f * width * height + p) * 3);
  }
  // A vertical strip of frames with a page height is how libvips represents an animation.
  return sharp(pixels, { raw: { width, height: height * frames, channels: 3, pageHeight: height } });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Appends Make, Model, a GPS IFD and a copy of IFD0 that points to them, then points the header at
 * the copy. Offsets of the original values stay valid because nothing before the end moves.
 */
function addExifToTiff(tiff: Buffer, exif: ExifInput): Buffer {
  if (tiff.toString('latin1', 0, 2) !== 'II') throw new Error('expected a little-endian TIFF from libvips');
  const ifd0At = tiff.readUInt32LE(4);
  const count = tiff.readUInt16LE(ifd0At);
  const entries = Array.from({ length: count }, (_, i) =>
    tiff.subarray(ifd0At + 2 + i * 12, ifd0At + 14 + i * 12),
  );
  const tail: Buffer[] = [];
  let end = tiff.length + (tiff.length % 2);
  const append = (data: Buffer): number => {
    const at = end;
    tail.push(data, Buffer.alloc(data.length % 2));
    end += data.length + (data.length % 2);
    return at;
  };
  const entry = (tag: number, type: number, n: number, value: number) => {
    const e = Buffer.alloc(12);
    e.writeUInt16LE(tag, 0);
    e.writeUInt16LE(type, 2);
    e.writeUInt32LE(n, 4);
    e.writeUInt32LE(value, 8);
    return e;
  };
  const ascii = (tag: number, text: string) => {
    const data = Buffer.from(`${text}\0`, 'latin1');
    if (data.length <= 4) return entry(tag, 2, data.length, data.readUInt32LE(0));
    return entry(tag, 2, data.length, append(data));
  };
  const rationals = (values: Array<[number, number]>) => {
    const data = Buffer.alloc(values.length * 8);
    values.forEach(([n, d], i) => {
      data.writeUInt32LE(n, i * 8);
      data.writeUInt32LE(d, i * 8 + 4);
    });
    return append(data);
  };
  const extra: Buffer[] = [];
  if (exif.make) extra.push(ascii(0x010f, exif.make));
  if (exif.model) extra.push(ascii(0x0110, exif.model));
  if (exif.gps) {
    const [lat, lon] = [dms(exif.gps.latitude), dms(exif.gps.longitude)].map((s) =>
      s.split(' ').map((r) => r.split('/').map(Number) as [number, number]),
    );
    const gpsEntries = [
      entry(0x0000, 1, 4, 0x00000302), // GPSVersionID 2.3.0.0
      entry(0x0001, 2, 2, exif.gps.latitude < 0 ? 0x53 : 0x4e),
      entry(0x0002, 5, 3, rationals(lat!)),
      entry(0x0003, 2, 2, exif.gps.longitude < 0 ? 0x57 : 0x45),
      entry(0x0004, 5, 3, rationals(lon!)),
    ];
    const gpsIfd = Buffer.concat([u16(gpsEntries.length), ...gpsEntries, Buffer.alloc(4)]);
    extra.push(entry(0x8825, 4, 1, append(gpsIfd)));
  }
  const all = [...entries, ...extra].sort((a, b) => a.readUInt16LE(0) - b.readUInt16LE(0));
  const nextIfd = tiff.readUInt32LE(ifd0At + 2 + count * 12);
  const newIfd0At = append(Buffer.concat([u16(all.length), ...all, u32(nextIfd)]));
  const out = Buffer.concat([tiff, Buffer.alloc(tiff.length % 2), ...tail]);
  out.writeUInt32LE(newIfd0At, 4);
  return out;
}

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

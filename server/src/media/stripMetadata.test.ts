import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import exifr from 'exifr';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { isAppError } from '../errors';
import { inspectImage } from './inspectImage';
import { stripMetadata } from './stripMetadata';
import type { ImageInfo, StripMode } from './types';
import * as images from '../../test-support/images/makeImages';

/*
 * Outputs are checked with readers that share no code with the editors: sharp/libvips (metadata,
 * decoded pixels), exif-reader on the Exif block sharp extracts, and exifr straight from the file
 * (which reads JPEG, PNG and TIFF, but not WebP nor these AVIF/HEIF files).
 */

const LIMITS = { maxPixels: 50_000_000, maxFrames: 100 };
/** 48/1 51/1 2424/100 as little-endian RATIONALs: the GPSLatitude value bytes of SAMPLE_GPS. */
const LATITUDE_BYTES = Buffer.from('300000000100000033000000010000006009000064000000', 'hex');
const XMP_GPS = images.xmpPacket(images.SAMPLE_GPS);

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-strip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function input(buf: Buffer): Promise<{ path: string; info: ImageInfo }> {
  const path = join(dir, `in-${n++}`);
  await writeFile(path, buf);
  return { path, info: await inspectImage(path, LIMITS) };
}

async function strip(buf: Buffer, mode: StripMode) {
  const { path, info } = await input(buf);
  const out = join(dir, `out-${n++}`);
  const result = await stripMetadata(path, info, mode, out);
  return { path, info, out, result };
}

async function describe_(path: string) {
  const meta = await sharp(path).metadata();
  // libvips does not expose a TIFF file's own IFDs as EXIF; the file is its own Exif structure.
  const exifBlock = meta.format === 'tiff' ? await readFile(path) : meta.exif;
  const exif = exifBlock ? exifReader(exifBlock) : undefined;
  return { meta, exif, xmp: meta.xmp?.toString('utf8') };
}

async function pixels(path: string): Promise<Buffer> {
  return sharp(path).raw().toBuffer();
}

const FORMATS = [
  ['JPEG', () => images.makeJpeg({ exif: images.SAMPLE_EXIF, orientation: 6, xmp: XMP_GPS }), true],
  [
    'PNG',
    () => images.makePng({ alpha: true, exif: images.SAMPLE_EXIF, orientation: 6, xmp: XMP_GPS }),
    true,
  ],
  ['WebP', () => images.makeWebp({ exif: images.SAMPLE_EXIF, orientation: 6, xmp: XMP_GPS }), false],
  ['AVIF', () => images.makeAvif({ exif: images.SAMPLE_EXIF, xmp: XMP_GPS }), false],
  ['HEIF', () => images.makeHeif({ exif: images.SAMPLE_EXIF, xmp: XMP_GPS }), false],
  ['TIFF', () => images.makeTiff({ exif: images.SAMPLE_EXIF, orientation: 6, xmp: XMP_GPS }), true],
] as const;

describe.each(FORMATS)('stripMetadata on %s', (name, make, exifrReads) => {
  let original: Buffer;
  beforeAll(async () => {
    original = await make();
    expect(original.includes(LATITUDE_BYTES)).toBe(true); // the check below would be vacuous otherwise
  });

  it("'location' removes GPS from EXIF and XMP and keeps the rest, pixels and ICC profile", async () => {
    const { path, info, out, result } = await strip(original, 'location');
    expect(info.hasLocation).toBe(true);
    expect(result).toEqual({ changed: true, bytes: (await stat(out)).size });

    const before = await describe_(path);
    const after = await describe_(out);
    expect(after.exif?.GPSInfo ?? {}).toEqual({});
    expect(after.exif?.Image).toMatchObject({ Make: 'Acme', Model: 'Falcon 9' });
    if (name !== 'TIFF')
      expect(after.exif?.Photo).toMatchObject({
        LensModel: 'Acme 35mm f/1.4',
        DateTimeOriginal: new Date('2024-05-06T07:08:09Z'),
      });
    expect(after.meta.orientation).toBe(before.meta.orientation);
    expect(after.xmp).toContain('Test Author');
    expect(after.xmp).not.toMatch(/GPS/);
    expect(after.meta.icc).toEqual(before.meta.icc);
    // Zeroed, not merely unlinked: the coordinates are gone from the bytes.
    expect((await readFile(out)).includes(LATITUDE_BYTES)).toBe(false);
    expect((await pixels(out)).equals(await pixels(path))).toBe(true);
    expect((await inspectImage(out, LIMITS)).hasLocation).toBe(false);
    if (exifrReads) {
      const parsed = await exifr.parse(out, { gps: true, xmp: true });
      expect(parsed.latitude).toBeUndefined();
      expect(parsed.GPSLatitude).toBeUndefined();
      expect(parsed.Make).toBe('Acme');
    }
  });

  it("'all' removes EXIF but the orientation, and XMP, keeping pixels and ICC profile", async () => {
    const { path, out, result } = await strip(original, 'all');
    expect(result.changed).toBe(true);
    const before = await describe_(path);
    const after = await describe_(out);
    expect(after.meta.orientation).toBe(before.meta.orientation);
    expect(after.exif?.GPSInfo).toBeUndefined();
    expect(after.exif?.Photo).toBeUndefined();
    expect(after.exif?.Image?.Make).toBeUndefined();
    expect(after.exif?.Image?.Model).toBeUndefined();
    expect(after.xmp ?? '').not.toMatch(/GPS|Test Author/);
    expect(after.meta.icc).toEqual(before.meta.icc);
    // sharp gives AVIF an nclx colour box rather than an ICC profile.
    if (!['AVIF', 'HEIF'].includes(name)) expect(after.meta.icc).toBeDefined();
    const bytes = await readFile(out);
    expect(bytes.includes(LATITUDE_BYTES)).toBe(false);
    expect(bytes.includes(Buffer.from('Falcon 9'))).toBe(false);
    expect((await pixels(out)).equals(await pixels(path))).toBe(true);
    if (exifrReads) expect((await exifr.parse(out, { gps: true, xmp: true }))?.Make).toBeUndefined();
  });

  it("'none' writes nothing", async () => {
    const { out, result } = await strip(original, 'none');
    expect(result).toEqual({ changed: false, bytes: original.length });
    expect(existsSync(out)).toBe(false);
  });

  it.each(['location', 'all'] as const)(
    "is idempotent: stripping the output again in '%s' mode changes nothing",
    async (mode) => {
      const first = await strip(original, mode);
      const again = await strip(await readFile(first.out), mode);
      expect(again.result).toEqual({ changed: false, bytes: first.result.bytes });
      expect(existsSync(again.out)).toBe(false);
    },
  );
});

describe('stripMetadata when there is nothing to remove', () => {
  it.each([
    ['JPEG', () => images.makeJpeg()],
    ['PNG', () => images.makePng()],
    ['WebP', () => images.makeWebp()],
    ['AVIF', () => images.makeAvif()],
    ['animated GIF', () => images.makeAnimatedGif(3)],
  ])('leaves a %s without metadata alone', async (_name, make) => {
    for (const mode of ['location', 'all'] as const) {
      const { out, result } = await strip(await make(), mode);
      expect(result.changed).toBe(false);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("leaves a JPEG with EXIF but no GPS alone in 'location' mode", async () => {
    const { out, result } = await strip(
      await images.makeJpeg({ exif: { make: 'Acme' }, xmp: images.xmpPacket() }),
      'location',
    );
    expect(result.changed).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});

describe('stripMetadata: container details', () => {
  it('JPEG: drops comments in all mode, and data after the EOI (MPF images carry their own GPS) in both modes', async () => {
    const jpeg = await images.makeJpeg({ exif: images.SAMPLE_EXIF });
    const secondary = await images.makeJpeg({ width: 8, height: 8, exif: images.SAMPLE_EXIF });
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 14]), Buffer.from('secret note!')]);
    const withExtras = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), secondary]);
    for (const mode of ['location', 'all'] as const) {
      const { path, out } = await strip(withExtras, mode);
      const bytes = await readFile(out);
      expect(bytes.includes(LATITUDE_BYTES)).toBe(false);
      expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      expect(bytes.includes(Buffer.from('secret note!'))).toBe(mode === 'location');
      expect((await pixels(out)).equals(await pixels(path))).toBe(true);
    }
  });

  it('JPEG: an Exif block that cannot be walked is dropped whole', async () => {
    const jpeg = Buffer.from(await images.makeJpeg({ exif: images.SAMPLE_EXIF }));
    const { path, info } = await input(jpeg);
    const tiffAt = jpeg.indexOf('Exif\0\0') + 6;
    jpeg.writeUInt32LE(0xfffffff0, tiffAt + 4); // IFD0 offset far past the block
    await writeFile(path, jpeg);
    const out = join(dir, `out-${n++}`);
    expect((await stripMetadata(path, info, 'location', out)).changed).toBe(true);
    const after = await describe_(out);
    expect(after.meta.exif).toBeUndefined();
    expect((await pixels(out)).equals(await pixels(path))).toBe(true);
  });

  it('PNG: removes GPS from a compressed XMP iTXt chunk, drops ImageMagick raw profiles, keeps other text; all mode drops text', async () => {
    const png = await images.makePng();
    const itxt = pngChunk(
      'iTXt',
      Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\x01\x00\0\0', 'latin1'), deflateSync(XMP_GPS)]),
    );
    const raw = pngChunk(
      'zTXt',
      Buffer.concat([
        Buffer.from('Raw profile type exif\0\0', 'latin1'),
        deflateSync('exif\n 10\n4578696600004949'),
      ]),
    );
    const text = pngChunk('tEXt', Buffer.from('Comment\0hello there', 'latin1'));
    const iend = png.length - 12;
    const withText = Buffer.concat([png.subarray(0, iend), itxt, raw, text, png.subarray(iend)]);

    const location = await strip(withText, 'location');
    const kept = await readFile(location.out);
    expect(kept.includes(Buffer.from('Raw profile type exif'))).toBe(false);
    expect(kept.includes(Buffer.from('hello there'))).toBe(true);
    // Neither libvips nor exifr reads a compressed iTXt XMP, so the test reads the chunks itself.
    expect(pngXmp(withText)).toMatch(/GPSLatitude/);
    expect(pngXmp(kept)).toContain('Test Author');
    expect(pngXmp(kept)).not.toMatch(/GPS/);
    expect((await pixels(location.out)).equals(await pixels(location.path))).toBe(true);

    const all = await strip(withText, 'all');
    const bare = await readFile(all.out);
    expect(bare.includes(Buffer.from('hello there'))).toBe(false);
    expect(bare.includes(Buffer.from('iTXt'))).toBe(false);
    expect((await pixels(all.out)).equals(await pixels(all.path))).toBe(true);
  });

  it('WebP: keeps the RIFF size and VP8X flags consistent', async () => {
    const { out } = await strip(
      await images.makeWebp({ exif: images.SAMPLE_EXIF, orientation: 6, xmp: XMP_GPS }),
      'all',
    );
    const bytes = await readFile(out);
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes[20]! & 0x04).toBe(0); // XMP flag cleared with the chunk
    expect(bytes[20]! & 0x08).toBe(0x08); // EXIF kept for the orientation
    expect(bytes.includes(Buffer.from('XMP '))).toBe(false);

    const plain = await strip(await images.makeWebp({ exif: { make: 'Acme' } }), 'all');
    const noExif = await readFile(plain.out);
    expect(noExif[20]! & 0x0c).toBe(0);
    expect(noExif.includes(Buffer.from('EXIF'))).toBe(false);
    expect(noExif.readUInt32LE(4)).toBe(noExif.length - 8);
  });

  it('WebP: animated files keep every frame bit-identical', async () => {
    const animated = await images.makeAnimatedWebp(4, { exif: images.SAMPLE_EXIF, xmp: XMP_GPS });
    for (const mode of ['location', 'all'] as const) {
      const { path, out, result } = await strip(animated, mode);
      expect(result.changed).toBe(true);
      const frames = (p: string) => sharp(p, { animated: true }).raw().toBuffer();
      expect((await frames(out)).equals(await frames(path))).toBe(true);
      expect((await sharp(out).metadata()).pages).toBe(4);
      expect((await readFile(out)).includes(LATITUDE_BYTES)).toBe(false);
    }
  });

  it('WebP: GPS in XMP alone is removed in place', async () => {
    const { out, result } = await strip(await images.makeWebp({ xmp: XMP_GPS }), 'location');
    expect(result.changed).toBe(true);
    const xmp = (await sharp(out).metadata()).xmp?.toString('utf8');
    expect(xmp).toContain('Test Author');
    expect(xmp).not.toMatch(/GPS/);
  });

  it('TIFF: BigTIFF cannot be edited in place, and nothing is left behind', async () => {
    const big = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .withXmp(XMP_GPS)
      .tiff({ bigtiff: true })
      .toBuffer();
    const { path, info } = await input(big);
    const out = join(dir, `out-${n++}`);
    const err = await stripMetadata(path, info, 'location', out).catch((e: unknown) => e);
    expect(isAppError(err, 'UNSUPPORTED_MEDIA_TYPE')).toBe(true);
    expect((err as Error).message).toBe(
      "This TIFF file's metadata cannot be removed safely; convert it to another format.",
    );
    expect(String((err as Error).cause)).toMatch(/BigTIFF/);
    expect(existsSync(out)).toBe(false);
  });

  it('JPEG: progressive scans are walked to the real EOI and left bit-identical', async () => {
    const progressive = await sharp(
      await images.makeJpeg({ width: 300, height: 200, exif: images.SAMPLE_EXIF }),
    )
      .keepExif()
      .jpeg({ progressive: true, quality: 85 })
      .toBuffer();
    const { path, out, result } = await strip(progressive, 'location');
    expect(result.changed).toBe(true);
    const [a, b] = [progressive, await readFile(out)];
    // Everything from the first SOS on is copied verbatim.
    const sos = (buf: Buffer) => buf.subarray(buf.indexOf(Buffer.from([0xff, 0xda])));
    expect(sos(b).equals(sos(a))).toBe(true);
    expect((await pixels(out)).equals(await pixels(path))).toBe(true);
  });

  it('GIF: nothing to strip (GIF has no EXIF)', async () => {
    const { out, result } = await strip(await images.makeAnimatedGif(4), 'all');
    expect(result.changed).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});

/** The XMP text of the first iTXt chunk with the XMP keyword, inflated when flagged compressed. */
function pngXmp(png: Buffer): string | undefined {
  for (let at = 8; at + 12 <= png.length; at += 12 + png.readUInt32BE(at)) {
    const data = png.subarray(at + 8, at + 8 + png.readUInt32BE(at));
    if (
      png.toString('latin1', at + 4, at + 8) !== 'iTXt' ||
      !data.toString('latin1').startsWith('XML:com.adobe.xmp\0')
    )
      continue;
    const flag = data[18];
    const fields = data.subarray(20);
    const textAt = fields.indexOf(0, fields.indexOf(0) + 1) + 1; // after language tag and translated keyword
    const text = fields.subarray(textAt);
    return (flag === 1 ? inflateSync(text) : text).toString('utf8');
  }
  return undefined;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

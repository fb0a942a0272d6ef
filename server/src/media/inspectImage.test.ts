import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { isAppError, type ErrorCode } from '../errors';
import { inspectImage } from './inspectImage';
import * as images from '../../test-support/images/makeImages';

const LIMITS = { maxPixels: 50_000_000, maxFrames: 100 };
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the bytes under a misleading name on purpose: only content may decide. */
async function file(buf: Buffer, name = 'upload.jpg'): Promise<string> {
  const path = join(dir, `${n++}-${name}`);
  await writeFile(path, buf);
  return path;
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, status: number): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(err, code)).toBe(true);
  expect((err as { status: number }).status).toBe(status);
}

describe('inspectImage: accepted formats', () => {
  it.each([
    ['jpeg', 'image/jpeg', () => images.makeJpeg({ width: 40, height: 30 }), false],
    ['png', 'image/png', () => images.makePng({ width: 40, height: 30, alpha: true }), true],
    ['webp', 'image/webp', () => images.makeWebp({ width: 40, height: 30, alpha: true }), true],
    ['avif', 'image/avif', () => images.makeAvif({ width: 40, height: 30 }), false],
    ['heif', 'image/heif', () => images.makeHeif({ width: 40, height: 30 }), false],
    // libvips always decodes GIF to RGBA.
    ['gif', 'image/gif', () => images.makeGif({ width: 40, height: 30, flat: true }), true],
    ['tiff', 'image/tiff', () => images.makeTiff({ width: 40, height: 30 }), false],
  ] as const)('describes %s', async (format, contentType, make, hasAlpha) => {
    const info = await inspectImage(await file(await make()), LIMITS);
    expect(info).toEqual({
      format,
      contentType,
      width: 40,
      height: 30,
      displayWidth: 40,
      displayHeight: 30,
      // libvips writes the Orientation tag into every TIFF.
      orientation: format === 'tiff' ? 1 : null,
      hasAlpha,
      frames: 1,
      animated: false,
      exif: null,
      hasLocation: false,
      hasMetadata: false,
    });
  });

  it('describes an animated GIF with several frames', async () => {
    const info = await inspectImage(
      await file(await images.makeAnimatedGif(7, { width: 32, height: 24 })),
      LIMITS,
    );
    expect(info).toMatchObject({ format: 'gif', width: 32, height: 24, frames: 7, animated: true });
  });

  it('describes an animated WebP', async () => {
    const info = await inspectImage(await file(await images.makeAnimatedWebp(3)), LIMITS);
    expect(info).toMatchObject({ format: 'webp', frames: 3, animated: true });
  });
});

describe('inspectImage: refusals before decoding', () => {
  it('refuses SVG with SVG_NOT_ALLOWED (415), even named .png', async () => {
    await expectCode(inspectImage(await file(images.makeSvg(), 'x.png'), LIMITS), 'SVG_NOT_ALLOWED', 415);
  });

  it('refuses non-image bytes named .jpg with UNSUPPORTED_MEDIA_TYPE (415)', async () => {
    await expectCode(
      inspectImage(await file(images.makeNotAnImage(), 'photo.jpg'), LIMITS),
      'UNSUPPORTED_MEDIA_TYPE',
      415,
    );
  });

  it('refuses an empty file with UNSUPPORTED_MEDIA_TYPE', async () => {
    await expectCode(inspectImage(await file(Buffer.alloc(0)), LIMITS), 'UNSUPPORTED_MEDIA_TYPE', 415);
  });

  it('refuses a PNG signature followed by garbage with UNDECODABLE_IMAGE (422)', async () => {
    const buf = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('garbage'.repeat(20))]);
    await expectCode(inspectImage(await file(buf), LIMITS), 'UNDECODABLE_IMAGE', 422);
  });

  it('refuses more pixels than allowed with PIXEL_LIMIT_EXCEEDED (422), naming the size', async () => {
    const err = await inspectImage(await file(await images.makePng({ width: 200, height: 100 })), {
      maxPixels: 19_999,
      maxFrames: 10,
    }).catch((e: unknown) => e);
    expect(isAppError(err, 'PIXEL_LIMIT_EXCEEDED')).toBe(true);
    expect((err as Error).message).toBe(
      'The image is 200×100 (20000 pixels); at most 19999 pixels are accepted.',
    );
    await expect(
      inspectImage(await file(await images.makePng({ width: 200, height: 100 })), {
        maxPixels: 20_000,
        maxFrames: 10,
      }),
    ).resolves.toMatchObject({ width: 200 });
  });

  it('checks the pixel limit per frame, and the frame limit separately', async () => {
    const gif = await file(await images.makeAnimatedGif(12, { width: 10, height: 10 }));
    await expect(inspectImage(gif, { maxPixels: 100, maxFrames: 12 })).resolves.toMatchObject({ frames: 12 });
    const err = await inspectImage(gif, { maxPixels: 100, maxFrames: 11 }).catch((e: unknown) => e);
    expect(isAppError(err, 'FRAME_LIMIT_EXCEEDED')).toBe(true);
    expect((err as Error).message).toBe('The image has 12 frames; at most 11 are accepted.');
  });

  describe('a decompression bomb (30000×30000 PNG)', () => {
    let bomb: string;
    let size: number;
    beforeAll(async () => {
      const buf = await images.makeBombPng(30_000, 30_000);
      size = buf.length;
      bomb = await file(buf, 'bomb.png');
    });

    it('is small on disk', () => {
      expect(size).toBeLessThan(200 * 1024);
    });

    it('is refused by the pixel limit without its pixels being allocated', async () => {
      const peak = await peakRssGrowth(async () => {
        await expectCode(inspectImage(bomb, LIMITS), 'PIXEL_LIMIT_EXCEEDED', 422);
      });
      // Decoding would need 900 MB even at one byte per pixel (3.6 GB as RGBA).
      expect(peak).toBeLessThan(100 * 1024 * 1024);
    });

    it('(control) the measurement does see a real decode of a smaller bomb', async () => {
      const small = await file(await images.makeBombPng(12_000, 12_000), 'control.png');
      const peak = await peakRssGrowth(async () => {
        await sharp(small, { limitInputPixels: false }).raw().toBuffer();
      });
      expect(peak).toBeGreaterThan(100 * 1024 * 1024); // 144 MB of pixels
    });
  });
});

describe('inspectImage: decoding', () => {
  it('refuses a JPEG cut in half with UNDECODABLE_IMAGE (422)', async () => {
    await expectCode(
      inspectImage(await file(await images.makeTruncatedJpeg()), LIMITS),
      'UNDECODABLE_IMAGE',
      422,
    );
  });

  it('refuses a JPEG whose entropy-coded data is corrupt', async () => {
    const buf = Buffer.from(await images.makeJpeg({ width: 256, height: 256 }));
    for (let i = Math.floor(buf.length * 0.4); i < buf.length * 0.45; i++) buf[i] = (i * 7919) & 0xff;
    await expectCode(inspectImage(await file(buf), LIMITS), 'UNDECODABLE_IMAGE', 422);
  });

  it.each([
    ['PNG', () => images.makePng({ width: 256, height: 256 })],
    ['WebP', () => images.makeWebp({ width: 256, height: 256 })],
    ['GIF', () => images.makeAnimatedGif(10, { width: 64, height: 64 })],
    ['AVIF', () => images.makeAvif({ width: 256, height: 256 })],
  ])('refuses a truncated %s', async (_name, make) => {
    const full = await make();
    await expectCode(
      inspectImage(await file(full.subarray(0, Math.floor(full.length * 0.6))), LIMITS),
      'UNDECODABLE_IMAGE',
      422,
    );
  });
});

describe('inspectImage: metadata', () => {
  it('summarises EXIF written by sharp: make, model, lens, date and position', async () => {
    const info = await inspectImage(await file(await images.makeJpeg({ exif: images.SAMPLE_EXIF })), LIMITS);
    expect(info.exif).toEqual({
      make: 'Acme',
      model: 'Falcon 9',
      lens: 'Acme 35mm f/1.4',
      takenAt: '2024-05-06T07:08:09',
      gps: { latitude: expect.closeTo(48.856667, 5), longitude: expect.closeTo(2.35, 5), altitude: 35 },
    });
    expect(info).toMatchObject({ hasLocation: true, hasMetadata: true });
  });

  it.each([
    ['PNG', () => images.makePng({ exif: images.SAMPLE_EXIF })],
    ['WebP', () => images.makeWebp({ exif: images.SAMPLE_EXIF })],
    ['AVIF', () => images.makeAvif({ exif: images.SAMPLE_EXIF })],
    ['HEIF', () => images.makeHeif({ exif: images.SAMPLE_EXIF })],
    ['TIFF', () => images.makeTiff({ exif: images.SAMPLE_EXIF })],
  ])('summarises EXIF in %s', async (_name, make) => {
    const info = await inspectImage(await file(await make()), LIMITS);
    expect(info.exif).toMatchObject({
      make: 'Acme',
      model: 'Falcon 9',
      gps: { latitude: expect.closeTo(48.856667, 5) },
    });
    expect(info.hasLocation).toBe(true);
  });

  it('reports southern and western positions as negative, below sea level as negative altitude, and the UTC offset', async () => {
    const exif = {
      takenAt: '2023:12:31 23:59:58',
      takenAtOffset: '-03:00',
      gps: { latitude: -22.9, longitude: -43.25, altitude: -12.5 },
    };
    const info = await inspectImage(await file(await images.makeJpeg({ exif })), LIMITS);
    expect(info.exif?.takenAt).toBe('2023-12-31T23:59:58-03:00');
    expect(info.exif?.gps?.latitude).toBeCloseTo(-22.9, 4);
    expect(info.exif?.gps?.longitude).toBeCloseTo(-43.25, 4);
    expect(info.exif?.gps?.altitude).toBeCloseTo(-12.5, 2);
  });

  it('finds a location that only XMP carries', async () => {
    const info = await inspectImage(
      await file(await images.makeJpeg({ xmp: images.xmpPacket({ latitude: 10.5, longitude: -20.25 }) })),
      LIMITS,
    );
    expect(info.hasLocation).toBe(true);
    expect(info.exif?.gps).toEqual({
      latitude: expect.closeTo(10.5, 3),
      longitude: expect.closeTo(-20.25, 3),
    });
  });

  it('reports the metadata of a TIFF, whose EXIF lives in its own IFDs', async () => {
    const info = await inspectImage(await file(await images.makeTiff({ exif: images.SAMPLE_EXIF })), LIMITS);
    expect(info).toMatchObject({
      hasMetadata: true,
      hasLocation: true,
      exif: { make: 'Acme', model: 'Falcon 9' },
    });
  });

  it('reports metadata without location', async () => {
    const info = await inspectImage(
      await file(await images.makeJpeg({ exif: { make: 'Acme' }, xmp: images.xmpPacket() })),
      LIMITS,
    );
    expect(info).toMatchObject({ hasLocation: false, hasMetadata: true, exif: { make: 'Acme' } });
  });

  it.each([
    [6, 48, 64],
    [8, 48, 64],
    [3, 64, 48],
  ])(
    'reports orientation %i and the display size after it',
    async (orientation, displayWidth, displayHeight) => {
      const info = await inspectImage(
        await file(await images.makeJpeg({ width: 64, height: 48, orientation })),
        LIMITS,
      );
      expect(info).toMatchObject({ orientation, width: 64, height: 48, displayWidth, displayHeight });
    },
  );
});

/**
 * Largest growth of the resident set while `run` runs. On Linux the kernel's high-water mark
 * (VmHWM) is reset first, so even a short-lived allocation is seen; elsewhere RSS is sampled.
 */
async function peakRssGrowth(run: () => Promise<void>): Promise<number> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let sampled = before;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 1);
  const hwm = resetHighWaterMark();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  const peak = hwm ? readHighWaterMark() : Math.max(sampled, process.memoryUsage().rss);
  return peak - before;
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return readHighWaterMark() > 0;
  } catch {
    return false;
  }
}

function readHighWaterMark(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

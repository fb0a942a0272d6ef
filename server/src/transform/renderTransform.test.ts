import sharp from 'sharp';
import { makeAnimatedGif, makeJpeg, makePng, SAMPLE_EXIF } from '../../test-support/images/makeImages';
import { isAppError } from '../errors';
import { corners, quadrantPixels, quadrantPng } from './__fixtures__/quadrants';
import { canonicalize } from './canonicalize';
import { parseTransform } from './parseTransform';
import { renderTransform } from './renderTransform';
import type { SourceInfo } from './types';

const limits = { maxDimension: 4096, maxFrames: 4 };
const renderLimits = { maxInputPixels: 50_000_000 };

async function sourceInfo(input: Buffer): Promise<SourceInfo> {
  const m = await sharp(input).metadata();
  return {
    format: m.format === 'heif' ? 'avif' : m.format,
    width: m.width,
    height: m.height,
    orientation: m.orientation ?? null,
    hasAlpha: m.hasAlpha,
    animated: (m.pages ?? 1) > 1,
    frames: m.pages ?? 1,
  };
}

/** Renders `segment` of `input` and returns the output with its decoded metadata. */
async function render(input: Buffer, segment: string, accept?: string) {
  const source = await sourceInfo(input);
  const { transform, output } = canonicalize(
    parseTransform(segment, {}, limits).request,
    source,
    accept,
    limits,
  );
  const { data } = await renderTransform(input, transform, renderLimits);
  return { data, meta: await sharp(data, { animated: true }).metadata(), expected: output };
}

async function pixel(data: Buffer, x: number, y: number): Promise<number[]> {
  const { data: raw, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [...raw.subarray(i, i + info.channels)];
}

async function stdev(data: Buffer): Promise<number> {
  return (await sharp(data).stats()).channels[0]!.stdev;
}

describe('renderTransform', () => {
  let photo: Buffer;
  beforeAll(async () => {
    photo = await makeJpeg({ width: 600, height: 400 });
  });

  it('resizes with width, height, dpr and every fit, as canonicalisation predicts', async () => {
    for (const segment of [
      'w_300',
      'h_100',
      'w_100,dpr_2',
      'w_200,h_200,fit_cover',
      'w_200,h_200,fit_contain',
      'w_200,h_200,fit_inside',
      'w_200,h_200,fit_outside',
      'w_200,h_200,fit_fill',
    ]) {
      const { meta, expected } = await render(photo, segment);
      expect([segment, meta.width, meta.height]).toEqual([segment, expected.width, expected.height]);
    }
    expect((await render(photo, 'w_100,dpr_2')).meta.width).toBe(200);
    expect((await render(photo, 'w_200,h_200,fit_outside')).meta).toMatchObject({ width: 300, height: 200 });
  });

  it('encodes each output format', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'gif'] as const) {
      const { meta } = await render(photo, `w_50,f_${format}`);
      expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
      if (format === 'avif') expect(meta.compression).toBe('av1');
    }
  });

  it('applies quality', async () => {
    const low = await render(photo, 'q_10');
    const high = await render(photo, 'q_95');
    expect(low.data.length).toBeLessThan(high.data.length / 2);
  });

  it('applies EXIF orientation and drops the tag', async () => {
    // Stored 40×20 with orientation 6: shown rotated a quarter clockwise, 20×40.
    const { data, meta } = await render(await quadrantPng(40, 20, 6), 'f_png');
    expect(meta).toMatchObject({ width: 20, height: 40 });
    expect(meta.orientation).toBeUndefined();
    expect(await corners(data)).toEqual([3, 1, 4, 2]);
  });

  it('crops, rotates and mirrors in URL order, alone and combined', async () => {
    const png = await quadrantPng(40, 20);
    const cases: [string, number[]][] = [
      ['f_png', [1, 2, 3, 4]],
      ['r_90,f_png', [3, 1, 4, 2]],
      ['r_180,f_png', [4, 3, 2, 1]],
      ['r_270,f_png', [2, 4, 1, 3]],
      ['flip,f_png', [3, 4, 1, 2]],
      ['flop,f_png', [2, 1, 4, 3]],
      ['flip,flop,f_png', [4, 3, 2, 1]],
      ['r_90,flip,f_png', [4, 2, 3, 1]],
      ['r_90,flop,f_png', [1, 3, 2, 4]],
      ['c_0-0-20-20,f_png', [1, 1, 3, 3]],
      ['c_20-0-20-20,r_90,f_png', [4, 2, 4, 2]],
      // Crop first, then mirror: 30×12 keeps rows 0–9 of the top quadrants and 2 rows of the bottom ones.
      ['c_0-0-30-12,flip,f_png', [1, 2, 1, 2]],
      ['c_0-0-30-12,flop,f_png', [2, 1, 2, 1]],
      ['c_0-0-30-12,r_90,f_png', [1, 1, 2, 2]],
      ['c_0-0-30-12,r_90,flip,w_6,f_png', [2, 2, 1, 1]],
    ];
    for (const [segment, expected] of cases) {
      expect([segment, await corners((await render(png, segment)).data)]).toEqual([segment, expected]);
    }
    // Orientation first, then the URL's mirror: shown as 3 1 / 4 2, flipped to 4 2 / 3 1.
    expect(await corners((await render(await quadrantPng(40, 20, 6), 'flip,f_png')).data)).toEqual([
      4, 2, 3, 1,
    ]);
    expect((await render(png, 'c_0-0-20-20,r_90,f_png')).meta).toMatchObject({ width: 20, height: 20 });
    expect((await render(png, 'c_0-0-30-10,r_90,f_png')).meta).toMatchObject({ width: 10, height: 30 });
  });

  it('positions cover crops by gravity, including smart crops', async () => {
    const tall = await quadrantPng(20, 40);
    expect(await corners((await render(tall, 'w_20,h_20,g_north,f_png')).data)).toEqual([1, 2, 1, 2]);
    expect(await corners((await render(tall, 'w_20,h_20,g_south,f_png')).data)).toEqual([3, 4, 3, 4]);
    // Flat grey with a busy square on the right: both smart strategies find the square.
    const busy = await sharp({
      create: {
        width: 100,
        height: 100,
        channels: 3,
        background: '#c83c14',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    const scene = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#808080' } })
      .composite([{ input: busy, left: 200, top: 0 }])
      .png()
      .toBuffer();
    const centre = await render(scene, 'w_100,h_100,f_png');
    for (const g of ['attention', 'entropy']) {
      const smart = await render(scene, `w_100,h_100,g_${g},f_png`);
      expect(await stdev(smart.data)).toBeGreaterThan(30);
    }
    expect(await stdev(centre.data)).toBeLessThan(5);
  });

  it('blurs and sharpens', async () => {
    const plain = await stdev((await render(photo, 'f_png')).data);
    expect(await stdev((await render(photo, 'blur_3,f_png')).data)).toBeLessThan(plain * 0.5);
    const soft = (await render(photo, 'blur_1,f_png')).data;
    const sharpened = (await render(soft, 'sharpen_2,f_png')).data;
    expect(await stdev(sharpened)).toBeGreaterThan(await stdev(soft));
  });

  it('keeps alpha where the format has it and flattens onto the background otherwise', async () => {
    const transparent = await sharp({
      create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    for (const format of ['png', 'webp', 'avif']) {
      const { data, meta } = await render(transparent, `f_${format}`);
      expect([format, meta.hasAlpha, (await pixel(data, 5, 5))[3]]).toEqual([format, true, 0]);
    }
    const jpeg = await render(transparent, 'f_jpeg,bg_ff0000');
    expect(jpeg.meta.hasAlpha).toBe(false);
    const [r, g, b] = await pixel(jpeg.data, 5, 5);
    expect([r! > 240, g! < 15, b! < 15]).toEqual([true, true, true]);
    const white = await pixel((await render(transparent, 'f_jpeg')).data, 5, 5);
    expect(white.every((v) => v > 240)).toBe(true);
    // Letterboxing: the background fills the bars.
    const bars = await render(
      await makeJpeg({ width: 100, height: 50 }),
      'w_100,h_100,fit_contain,bg_00ff00,f_png',
    );
    expect(await pixel(bars.data, 50, 2)).toEqual([0, 255, 0]);
  });

  it('keeps animations animated within the frame limit, and takes the first frame otherwise', async () => {
    const gif = await makeAnimatedGif(6, { width: 32, height: 24 });
    const animatedGif = await render(gif, 'w_16');
    expect(animatedGif.meta).toMatchObject({ format: 'gif', pages: 4, width: 16, pageHeight: 12 });
    expect((await render(gif, 'w_16,f_webp')).meta).toMatchObject({ format: 'webp', pages: 4 });
    expect((await render(gif, 'w_16,f_jpeg')).meta).toMatchObject({ format: 'jpeg', height: 12 });
    expect((await render(gif, 'f_auto', 'image/avif,image/webp')).meta).toMatchObject({
      format: 'webp',
      pages: 4,
    });
  });

  it('outputs 8-bit sRGB from CMYK, wide-gamut and 16-bit input', async () => {
    const colour = { r: 200, g: 150, b: 100 };
    const flat = sharp({ create: { width: 16, height: 16, channels: 3, background: colour } });
    const cmyk = await flat.clone().toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const p3 = await flat.clone().withIccProfile('p3').png().toBuffer();
    const p3Numbers = await sharp(p3).keepIccProfile().raw().toBuffer();
    expect(Math.abs(p3Numbers[0]! - colour.r)).toBeGreaterThan(4); // the file really holds P3 values
    const deep = await flat.clone().toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');

    for (const [name, input] of [
      ['cmyk', cmyk],
      ['p3', p3],
      ['16-bit', deep],
    ] as const) {
      const { data, meta } = await render(input, 'f_png');
      expect([name, meta.space, meta.depth, meta.channels, meta.icc]).toEqual([
        name,
        'srgb',
        'uchar',
        3,
        undefined,
      ]);
      const [r, g, b] = await pixel(data, 8, 8);
      for (const [got, want] of [
        [r, colour.r],
        [g, colour.g],
        [b, colour.b],
      ] as const)
        // CMYK goes through a generic press profile and back: a few units of error are expected.
        expect([name, got, Math.abs(got! - want) <= 10]).toEqual([name, got, true]);
    }
  });

  it('never writes location or other metadata', async () => {
    const tagged = await makeJpeg({ width: 64, height: 48, exif: SAMPLE_EXIF, orientation: 1 });
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    for (const format of ['jpeg', 'webp', 'png', 'avif']) {
      const { meta } = await render(tagged, `f_${format}`);
      expect([format, meta.exif, meta.xmp]).toEqual([format, undefined, undefined]);
    }
  });

  it('refuses inputs over the pixel limit before decoding', async () => {
    const png = await makePng({ width: 100, height: 100 });
    const source = await sourceInfo(png);
    const { transform } = canonicalize({ width: 10 }, source, undefined, limits);
    const failure = await renderTransform(png, transform, { ...renderLimits, maxInputPixels: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(failure, 'PIXEL_LIMIT_EXCEEDED')).toBe(true);
  });

  it('gives undecodable input a coded error', async () => {
    const source: SourceInfo = {
      format: 'jpeg',
      width: 10,
      height: 10,
      orientation: null,
      hasAlpha: false,
      animated: false,
      frames: 1,
    };
    const { transform } = canonicalize({ width: 5 }, source, undefined, limits);
    const failure = await renderTransform(quadrantPixels(10, 10), transform, renderLimits).catch(
      (e: unknown) => e,
    );
    expect(isAppError(failure, 'UNDECODABLE_IMAGE')).toBe(true);
  });
});

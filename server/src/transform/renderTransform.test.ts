import sharp from 'sharp';
import { makeAnimatedGif, makeJpeg, makePng, SAMPLE_EXIF } from '../../test-support/images/makeImages';
import { isAppError } from '../errors';
import { corners, quadrantPixels, quadrantPng, sides } from './__fixtures__/quadrants';
import { canonicalize } from './canonicalize';
import { parseTransform } from './parseTransform';
import { renderTransform } from './renderTransform';
import type { SourceInfo } from './types';

const limits = { maxDimension: 4096, maxFrames: 4, maxPixels: 50_000_000 };
const renderLimits = { maxInputPixels: 50_000_000, timeoutSeconds: 20 };

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

/**
 * Mean absolute difference per RGBA value of two same-sized images, at the best of the offsets
 * of up to one pixel: two ways of turning an image can snap it onto the pixel grid differently.
 */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const decode = (x: Buffer) => sharp(x).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [ra, rb] = await Promise.all([decode(a), decode(b)]);
  const { width: w, height: h } = ra.info;
  expect([rb.info.width, rb.info.height]).toEqual([w, h]);
  let best = Infinity;
  for (const dy of [-1, 0, 1])
    for (const dx of [-1, 0, 1]) {
      let sum = 0;
      for (let y = 1; y < h - 1; y++)
        for (let i = (y * w + 1) * 4; i < (y * w + w - 1) * 4; i++)
          sum += Math.abs(ra.data[i]! - rb.data[i + (dy * w + dx) * 4]!);
      best = Math.min(best, sum / ((w - 2) * (h - 2) * 4));
    }
  return best;
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

  it('rotates by any angle onto the turned bounding box, sized as canonicalisation predicts', async () => {
    for (const segment of [
      'r_30',
      'r_45',
      'r_-30',
      'r_12.5',
      'r_359.99',
      'r_100,flip',
      'r_30,flop,w_100',
      'r_30,flip,flop',
      'r_30,w_300',
      'r_30,h_100',
      'r_30,w_200,h_200,fit_cover',
      'r_30,w_200,h_200,fit_contain',
      'r_100,w_150,h_150,fit_inside',
      'c_10-20-300-200,r_30',
      'c_10-20-301-199,r_-17.25,w_120',
    ]) {
      const { meta, expected } = await render(photo, segment);
      expect([segment, meta.width, meta.height]).toEqual([segment, expected.width, expected.height]);
    }
    // 600×400 turned 30°: 600·cos 30° + 400·sin 30° = 719.6 by 600·sin 30° + 400·cos 30° = 646.4.
    expect((await render(photo, 'r_30')).meta).toMatchObject({ width: 720, height: 646 });
    // Resized after the turn: the box applies to the enlarged canvas.
    expect((await render(photo, 'r_30,w_360')).meta).toMatchObject({ width: 360, height: 323 });
  });

  it('turns clockwise, content first, whatever way the angle is written', async () => {
    const square = await quadrantPng(40, 40);
    // A quarter-turn-and-a-half-eighth clockwise brings the top left (1) up, the top right (2) to the right.
    expect(await sides((await render(square, 'r_45,f_png')).data)).toEqual([1, 2, 4, 3]);
    expect(await sides((await render(square, 'r_-45,f_png')).data)).toEqual([2, 4, 3, 1]);
    expect(await sides((await render(square, 'r_405,f_png')).data)).toEqual([1, 2, 4, 3]);
    expect(await sides((await render(square, 'r_135,f_png')).data)).toEqual([3, 1, 2, 4]);
  });

  it('fills the corners of free rotations: transparent with alpha, else the background or white', async () => {
    const png = await quadrantPng(40, 20);
    for (const format of ['png', 'webp', 'avif', 'gif']) {
      const { data, meta } = await render(png, `r_30,f_${format}`);
      expect([format, meta.hasAlpha, (await pixel(data, 0, 0))[3]]).toEqual([format, true, 0]);
    }
    expect(await pixel((await render(png, 'r_30,bg_00ff0080,f_png')).data, 0, 0)).toEqual([0, 255, 0, 128]);
    // No alpha in the output: the corners take the opaque background (white by default).
    const jpeg = await render(photo, 'r_30');
    expect(jpeg.meta).toMatchObject({ format: 'jpeg', hasAlpha: false });
    expect((await pixel(jpeg.data, 1, 1)).every((v) => v > 245)).toBe(true);
    const [r, g, b] = await pixel((await render(photo, 'r_30,bg_ff0000')).data, 1, 1);
    expect([r! > 240, g! < 15, b! < 15]).toEqual([true, true, true]);
    // Quarter turns have no corners: the image fills the frame, no alpha is added.
    const quarter = await render(png, 'r_90,bg_ff0000,f_png');
    expect([quarter.meta.hasAlpha, await corners(quarter.data)]).toEqual([false, [3, 1, 4, 2]]);
  });

  it('mirrors after free rotations as the URL means, like two separate passes would', async () => {
    // Four distinct quadrants: any mirror or turn in the wrong order swaps them. Large enough that
    // the edges, where the grid snap shows, weigh little.
    const png = await quadrantPng(120, 60);
    const pass = (input: Buffer, f: (s: sharp.Sharp) => sharp.Sharp) => f(sharp(input)).png().toBuffer();
    const turn = (angle: number) => (s: sharp.Sharp) => s.rotate(angle, { background: '#ffffff00' });
    const mirror = (flip: boolean, flop: boolean) => (s: sharp.Sharp) => s.flip(flip).flop(flop);
    for (const [angle, flip, flop] of [
      [30, true, false],
      [30, false, true],
      [-100, false, true],
      [12.5, true, false],
      [200, true, true],
    ] as const) {
      const segment = `r_${angle},${flip ? 'flip,' : ''}${flop ? 'flop,' : ''}f_png`;
      const reference = await pass(await pass(png, turn(angle)), mirror(flip, flop));
      const { data } = await render(png, segment);
      expect([segment, (await difference(data, reference)) < 5]).toEqual([segment, true]);
      // The same mirror before the turn (sharp's own order) is far off, except for a half turn.
      if (flip !== flop) {
        const naive = await pass(await pass(png, mirror(flip, flop)), turn(angle));
        expect([segment, (await difference(naive, reference)) > 50]).toEqual([segment, true]);
      }
    }
    // A crop first runs in two passes; the same algebra holds, and the size is as predicted.
    const cropped = await pass(png, (s) => s.extract({ left: 10, top: 5, width: 80, height: 40 }));
    const reference = await pass(await pass(cropped, turn(30)), mirror(false, true));
    const { data, meta, expected } = await render(png, 'c_10-5-80-40,r_30,flop,f_png');
    expect([meta.width, meta.height]).toEqual([expected.width, expected.height]);
    expect(await difference(data, reference)).toBeLessThan(5);
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
    // Default (transparent) bars in a format without alpha are the flattening white, not black.
    const jpegBars = await render(
      await makeJpeg({ width: 100, height: 50 }),
      'w_100,h_100,fit_contain,f_jpeg',
    );
    expect((await pixel(jpegBars.data, 50, 2)).every((v) => v > 245)).toBe(true);
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
    // libvips turns and flips the frames as one strip: rotations and flips render the first frame.
    for (const segment of ['r_45', 'r_90', 'r_180', 'r_12.5,w_16', 'flip', 'c_0-0-16-16,flop']) {
      const { meta, expected } = await render(gif, segment);
      expect([segment, meta.pages ?? 1, meta.width, meta.height]).toEqual([
        segment,
        1,
        expected.width,
        expected.height,
      ]);
    }
    expect((await render(gif, 'r_45')).meta).toMatchObject({ width: 40, height: 40 });
    expect((await render(gif, 'flop')).meta).toMatchObject({ format: 'gif', pages: 4 });
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

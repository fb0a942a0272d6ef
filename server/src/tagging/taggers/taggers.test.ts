import sharp from 'sharp';
import { newImage } from '../../db/__fixtures__/newImage';
import type { ImageRecord } from '../../db';
import { inspectImage } from '../../media';
import { makeAnimatedGif, makeJpeg, SAMPLE_EXIF } from '../../../test-support/images/makeImages';
import { hammingDistance } from '../../db';
import { createBasicTagger } from './basicTagger';
import { colourName, createColourTagger } from './colourTagger';
import { createExifTagger } from './exifTagger';
import { createHashesTagger, perceptualHash } from './hashesTagger';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { humanModelsDir } from './labelsTagger';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The record ingest would store for these bytes (real inspection, so EXIF and alpha are as uploaded). */
async function recordOf(bytes: Buffer): Promise<ImageRecord> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tagger-'));
  try {
    const file = path.join(dir, 'upload');
    await writeFile(file, bytes);
    const info = await inspectImage(file, { maxPixels: 1e9, maxFrames: 1000 });
    const { tags: _t, ...base } = newImage();
    return {
      ...base,
      width: info.width,
      height: info.height,
      hasAlpha: info.hasAlpha,
      animated: info.animated,
      frames: info.frames,
      exif: info.exif,
      createdAt: new Date(),
      updatedAt: new Date(),
      tags: [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const solid = (width: number, height: number, background: sharp.Color, format: 'png' | 'jpeg' = 'png') =>
  sharp({ create: { width, height, channels: 4, background } })
    [format]()
    .toBuffer();

async function tagNames(tagger: ReturnType<typeof createBasicTagger>, bytes: Buffer) {
  const out = await tagger.tag({ image: await recordOf(bytes), bytes });
  return Object.fromEntries(out.tags.map((t) => [t.name, t.confidence]));
}

describe('basic tagger', () => {
  const tagger = createBasicTagger();

  it('tells orientation and size class from the dimensions', async () => {
    expect(await tagNames(tagger, await solid(300, 200, '#336699', 'jpeg'))).toEqual({
      landscape: 1,
      'size:tiny': 1,
    });
    expect(await tagNames(tagger, await solid(600, 1200, '#336699', 'jpeg'))).toEqual({
      portrait: 1,
      'size:small': 1,
    });
    expect(await tagNames(tagger, await solid(2000, 1990, '#336699', 'jpeg'))).toEqual({
      square: 1,
      'size:medium': 1,
    });
  });

  it('reports transparency only when some pixel is not opaque, and animation', async () => {
    const opaqueWithAlpha = await solid(64, 64, { r: 10, g: 20, b: 30, alpha: 1 });
    const seeThrough = await solid(64, 64, { r: 10, g: 20, b: 30, alpha: 0.5 });
    expect((await recordOf(opaqueWithAlpha)).hasAlpha).toBe(true);
    expect(await tagNames(tagger, opaqueWithAlpha)).not.toHaveProperty('transparent');
    expect(await tagNames(tagger, seeThrough)).toHaveProperty('transparent', 1);
    expect(await tagNames(tagger, await makeAnimatedGif(3, { width: 32, height: 32 }))).toHaveProperty(
      'animated',
      1,
    );
  });
});

describe('exif tagger', () => {
  it('tags camera, lens, year and location from EXIF written into the file', async () => {
    const bytes = await makeJpeg({ width: 64, height: 48, exif: SAMPLE_EXIF });
    expect(await tagNames(createExifTagger(), bytes)).toEqual({
      'make:acme': 1,
      'model:falcon 9': 1,
      'lens:acme 35mm f/1.4': 1,
      'year:2024': 1,
      'has-location': 1,
    });
    expect(await tagNames(createExifTagger(), await makeJpeg({ width: 64, height: 48 }))).toEqual({});
  });
});

describe('colour tagger', () => {
  const tagger = createColourTagger();

  it('names the colour of solid images and gives a palette', async () => {
    for (const [colour, name] of [
      ['#e02020', 'red'],
      ['#20c040', 'green'],
      ['#2040e0', 'blue'],
      ['#f0d020', 'yellow'],
      ['#ff8c00', 'orange'],
      ['#8030c0', 'purple'],
    ] as const) {
      const bytes = await solid(40, 30, colour);
      const out = await tagger.tag({ image: await recordOf(bytes), bytes });
      expect(out.tags).toContainEqual({ name, confidence: 1 });
      expect(out.analysis?.palette).toEqual([colour]);
    }
  });

  it('finds both halves of a two-colour image with their shares, and ignores transparent pixels', async () => {
    const half = await sharp({ create: { width: 100, height: 100, channels: 4, background: '#2040e0' } })
      .composite([
        {
          input: { create: { width: 30, height: 100, channels: 4, background: '#e02020' } },
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const out = await tagger.tag({ image: await recordOf(half), bytes: half });
    const byName = Object.fromEntries(out.tags.map((t) => [t.name, t.confidence]));
    expect(byName.blue).toBeCloseTo(0.7, 1);
    expect(byName.red).toBeCloseTo(0.3, 1);
    expect(out.analysis?.palette?.slice(0, 2)).toEqual(['#2040e0', '#e02020']);

    const clear = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([
        { input: { create: { width: 10, height: 10, channels: 4, background: '#20c040' } }, left: 0, top: 0 },
      ])
      .png()
      .toBuffer();
    const green = await tagger.tag({ image: await recordOf(clear), bytes: clear });
    expect(green.tags).toContainEqual({ name: 'green', confidence: 1 });
  });

  it('calls a grey gradient grayscale, a black image dark and a white one bright', async () => {
    const gradient = await sharp(Buffer.from(Array.from({ length: 256 * 16 }, (_, i) => i % 256)), {
      raw: { width: 256, height: 16, channels: 1 },
    })
      .png()
      .toBuffer();
    const names = (await tagger.tag({ image: await recordOf(gradient), bytes: gradient })).tags.map(
      (t) => t.name,
    );
    expect(names).toContain('grayscale');
    expect(names).not.toContain('dark');
    const dark = (
      await tagger.tag({
        image: await recordOf(await solid(8, 8, '#050505')),
        bytes: await solid(8, 8, '#050505'),
      })
    ).tags;
    expect(dark.map((t) => t.name).sort()).toEqual(['black', 'dark', 'grayscale']);
    const bright = await solid(8, 8, '#fafafa');
    expect(
      (await tagger.tag({ image: await recordOf(bright), bytes: bright })).tags.map((t) => t.name).sort(),
    ).toEqual(['bright', 'grayscale', 'white']);
  });

  it('names pixels by hue, saturation and lightness', () => {
    expect(colourName(128, 128, 128)).toBe('gray');
    expect(colourName(120, 60, 20)).toBe('brown');
    expect(colourName(255, 105, 180)).toBe('pink');
    expect(colourName(0, 200, 200)).toBe('cyan');
  });
});

describe('hashes tagger', () => {
  const tagger = createHashesTagger();

  it('gives a BlurHash placeholder and a perceptual hash that survives resizing but not a different picture', async () => {
    const photo = await readFile(path.join(humanModelsDir(), '..', 'assets', 'samples.jpg'));
    const out = await tagger.tag({ image: await recordOf(photo), bytes: photo });
    expect(out.tags).toEqual([]);
    expect(out.analysis?.placeholder).toMatch(/^[0-9A-Za-z#$%*+,.:;=?@[\]^_{|}~-]{20,}$/);
    expect(out.analysis?.phash).toMatch(/^[0-9a-f]{16}$/);

    const smaller = await sharp(photo).resize(200).jpeg({ quality: 60 }).toBuffer();
    const other = await readFile(path.join(humanModelsDir(), '..', 'assets', 'screenshot-facedetect.jpg'));
    const [a, b, c] = await Promise.all([photo, smaller, other].map((bytes) => perceptualHash(bytes)));
    expect(hammingDistance(a!, b!)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a!, c!)).toBeGreaterThan(10);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { newImage } from '../../db/__fixtures__/newImage';
import type { ImageRecord } from '../../db';
import { loadTfjs } from '../tfjs';
import { createLabelsTagger, humanModelsDir } from './labelsTagger';
import { createModerationTagger, decideModeration } from './moderationTagger';

// One model load per file and a handful of inferences: the wasm backend is single-threaded.
const labels = createLabelsTagger();
const moderation = createModerationTagger({ policy: 'hold', threshold: 0.7 });
const asset = (name: string) => readFile(path.join(humanModelsDir(), '..', 'assets', name));

function record(): ImageRecord {
  const { tags: _t, ...base } = newImage();
  return { ...base, createdAt: new Date(), updatedAt: new Date(), tags: [] };
}

describe('labels tagger (MB3-CenterNet, COCO)', () => {
  it('finds people in a photo of people, with a confidence, and nothing in a flat colour', async () => {
    const photo = await asset('samples.jpg'); // a grid of portrait photos shipped with @vladmandic/human
    const found = await labels.tag({ image: record(), bytes: photo });
    const person = found.tags.find((t) => t.name === 'person');
    expect(person).toBeDefined();
    expect(person!.confidence).toBeGreaterThanOrEqual(0.3);
    expect(person!.confidence).toBeLessThanOrEqual(1);

    const tf = await loadTfjs();
    const tensorsBefore = tf.memory().numTensors;
    const flat = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#7090b0' } })
      .png()
      .toBuffer();
    const nothing = await labels.tag({ image: record(), bytes: flat });
    expect(nothing.tags.map((t) => t.name)).not.toContain('person');
    // Every intermediate tensor is released: memory stays flat over many images.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(labels.tag({ image: record(), bytes: Buffer.from('not an image') })).rejects.toThrow();
  });

  it('leaves no Emscripten process handlers behind after loading the wasm backend', async () => {
    await loadTfjs();
    const source = (l: unknown) => String(l);
    expect(process.listeners('unhandledRejection').map(source).join('\n')).not.toContain('throw reason');
  });
});

describe('moderation tagger (nsfwjs MobileNetV2)', () => {
  it('classifies an everyday photo as not explicit and keeps the five class scores', async () => {
    const out = await moderation.tag({ image: record(), bytes: await asset('screenshot-facedetect.jpg') });
    const scores = out.analysis!.moderation!.scores;
    expect(Object.keys(scores).sort()).toEqual(['drawing', 'hentai', 'neutral', 'porn', 'sexy']);
    expect(Object.values(scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(scores.porn! + scores.hentai!).toBeLessThan(0.7);
    expect(out.analysis!.moderation).toMatchObject({ flagged: false, hold: true });
    expect(out.tags.map((t) => t.name)).not.toContain('nsfw');
  });
});

describe('decideModeration', () => {
  it('flags explicit content at the threshold and only tags suggestive content', () => {
    expect(decideModeration({ porn: 0.5, hentai: 0.2, sexy: 0.1, neutral: 0.2 }, 0.7)).toEqual({
      flagged: true,
      tags: [{ name: 'nsfw', confidence: 0.7 }],
    });
    expect(decideModeration({ porn: 0.1, hentai: 0, sexy: 0.8, neutral: 0.1 }, 0.7)).toEqual({
      flagged: false,
      tags: [{ name: 'suggestive', confidence: 0.8 }],
    });
    expect(decideModeration({ neutral: 1 }, 0.7)).toEqual({ flagged: false, tags: [] });
  });
});

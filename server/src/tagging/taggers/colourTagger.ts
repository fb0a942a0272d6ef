import sharp from 'sharp';
import type { Tagger } from '../types';

/** Share of the picture a named colour needs before it becomes a tag. */
const MIN_SHARE = 0.1;
const PALETTE_SIZE = 5;

/**
 * Dominant colours as a palette (`#rrggbb`, most common first) and as named colour tags whose
 * confidence is the share of pixels of that colour; `grayscale`, `dark` and `bright` from
 * saturation and mean luminance. Works on a 64-pixel thumbnail: colour shares do not need more.
 */
export function createColourTagger(): Tagger {
  return {
    name: 'colour',
    version: 1,
    async tag({ bytes }) {
      const { data, info } = await sharp(bytes)
        .resize(64, 64, { fit: 'inside' })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return describeColours(data, info.channels);
    },
  };
}

/** Pure part of the colour tagger, on raw RGBA pixels. */
export function describeColours(rgba: Uint8Array, channels = 4) {
  const named = new Map<string, number>();
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  let counted = 0;
  let grey = 0;
  let luma = 0;
  for (let i = 0; i + channels - 1 < rgba.length; i += channels) {
    // Mostly transparent pixels are background, not colour.
    if (channels === 4 && rgba[i + 3]! < 128) continue;
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    counted++;
    luma += (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    const name = colourName(r, g, b);
    named.set(name, (named.get(name) ?? 0) + 1);
    if (name === 'black' || name === 'white' || name === 'gray') grey++;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bin = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bin.n++;
    bin.r += r;
    bin.g += g;
    bin.b += b;
    bins.set(key, bin);
  }
  if (counted === 0) return { tags: [], analysis: { palette: [] } };
  const tags: { name: string; confidence: number }[] = [];
  for (const [name, n] of named) {
    const share = n / counted;
    if (share >= MIN_SHARE) tags.push({ name, confidence: round(share) });
  }
  if (grey / counted >= 0.98) tags.push({ name: 'grayscale', confidence: round(grey / counted) });
  const meanLuma = luma / counted;
  if (meanLuma < 0.25) tags.push({ name: 'dark', confidence: round(1 - meanLuma) });
  if (meanLuma > 0.75) tags.push({ name: 'bright', confidence: round(meanLuma) });
  const palette = [...bins.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, PALETTE_SIZE)
    .map((bin) => hex(bin.r / bin.n, bin.g / bin.n, bin.b / bin.n));
  return { tags, analysis: { palette } };
}

/** The basic colour name of one sRGB pixel, from hue, saturation and lightness. */
export function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const lightness = (max + min) / 2;
  const chroma = max - min;
  const saturation = chroma === 0 ? 0 : chroma / (1 - Math.abs(2 * lightness - 1));
  if (lightness < 0.12) return 'black';
  if (lightness > 0.92) return 'white';
  if (saturation < 0.15 || chroma < 0.08) return 'gray';
  let hue: number;
  const [rf, gf, bf] = [r / 255, g / 255, b / 255];
  if (max === rf) hue = ((gf - bf) / chroma + 6) % 6;
  else if (max === gf) hue = (bf - rf) / chroma + 2;
  else hue = (rf - gf) / chroma + 4;
  hue *= 60;
  if (hue < 15 || hue >= 345) return lightness < 0.3 ? 'brown' : 'red';
  if (hue < 45) return lightness < 0.4 ? 'brown' : 'orange';
  if (hue < 70) return 'yellow';
  if (hue < 165) return 'green';
  if (hue < 195) return 'cyan';
  if (hue < 255) return 'blue';
  if (hue < 290) return 'purple';
  return 'pink';
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

import type { OutputFormat } from './types';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jpeg', 'png', 'webp', 'avif', 'gif'];

export const OUTPUT_CONTENT_TYPES: Readonly<Record<OutputFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** Formats whose encoder keeps an alpha channel; the others are flattened onto the background. */
export const SUPPORTS_ALPHA: ReadonlySet<OutputFormat> = new Set(['png', 'webp', 'avif', 'gif']);

/** Formats written as animations by sharp (animated AVIF is not written by libvips). */
export const SUPPORTS_ANIMATION: ReadonlySet<OutputFormat> = new Set(['webp', 'gif']);

/** Default quality per lossy format: what `q_` is compared against when removing defaults. */
export const DEFAULT_QUALITY: Readonly<Partial<Record<OutputFormat, number>>> = {
  jpeg: 80,
  webp: 80,
  avif: 50,
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/**
 * The `#rrggbbaa` sharp should paint new pixels with (letterbox bars, corners of free rotations).
 * sharp flattens before it resizes, and before it turns when nothing is resized, so in formats
 * without alpha a transparent fill would be encoded black: those get the opaque colour that
 * flattening would have given.
 */
export function fillColour(background: string, format: OutputFormat): string {
  return SUPPORTS_ALPHA.has(format) ? `#${background}` : `#${background.slice(0, 6)}ff`;
}

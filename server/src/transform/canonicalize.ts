import { DEFAULT_QUALITY, SUPPORTS_ALPHA, SUPPORTS_ANIMATION, isOutputFormat } from './formats';
import { conflictingOption, invalidOption } from './invalidOption';
import { negotiateFormat } from './negotiateFormat';
import { isRightAngle, rotatedSize, sharpRotation } from './rotation';
import type {
  Crop,
  Fit,
  Gravity,
  OutputFormat,
  SourceInfo,
  Transform,
  TransformLimits,
  TransformRequest,
} from './types';

/**
 * Transparent white: letterboxes and the corners of non-right rotations stay transparent where the
 * format has alpha; flattening uses white.
 */
export const DEFAULT_BACKGROUND = 'ffffff00';

export interface Canonicalized {
  readonly transform: Transform;
  /** True when the format came from `Accept` (the response must carry `Vary: Accept`). */
  readonly negotiated: boolean;
  /** Size of the output in pixels (one frame). */
  readonly output: { readonly width: number; readonly height: number };
}

interface Resize {
  readonly width?: number;
  readonly height?: number;
  readonly fit: Fit;
  readonly out: { width: number; height: number };
}

/** Scales a requested box that exceeds the image down, keeping its aspect ratio: images are never enlarged. */
function shrinkBox(w: number, h: number, W: number, H: number, s: number) {
  return s > 1
    ? {
        width: Math.min(W, Math.max(1, Math.round(w / s))),
        height: Math.min(H, Math.max(1, Math.round(h / s))),
      }
    : { width: w, height: h };
}

/**
 * Resolves width, height and fit against the image (W×H after crop and rotation) into the
 * simplest equivalent resize: one that would enlarge is dropped or clamped, and two-sided
 * `inside`/`outside` become the one side that decides, so equivalent URLs share a cache entry.
 */
function resolveResize(W: number, H: number, w: number | undefined, h: number | undefined, fit: Fit): Resize {
  const none: Resize = { fit: 'cover', out: { width: W, height: H } };
  const byWidth = (width: number): Resize =>
    width >= W
      ? none
      : { width, fit: 'cover', out: { width, height: Math.max(1, Math.round((H * width) / W)) } };
  const byHeight = (height: number): Resize =>
    height >= H
      ? none
      : { height, fit: 'cover', out: { width: Math.max(1, Math.round((W * height) / H)), height } };
  if (w === undefined && h === undefined) return none;
  if (h === undefined) return byWidth(w!);
  if (w === undefined) return byHeight(h);
  switch (fit) {
    case 'inside':
      return w / W <= h / H ? byWidth(w) : byHeight(h);
    case 'outside':
      return w / W >= h / H ? byWidth(w) : byHeight(h);
    case 'fill': {
      const width = Math.min(w, W);
      const height = Math.min(h, H);
      return width === W && height === H ? none : { width, height, fit, out: { width, height } };
    }
    case 'cover': {
      const box = shrinkBox(w, h, W, H, Math.max(w / W, h / H));
      return box.width === W && box.height === H ? none : { ...box, fit, out: box };
    }
    case 'contain': {
      const box = shrinkBox(w, h, W, H, Math.min(w / W, h / H));
      return { ...box, fit, out: box };
    }
  }
}

function scaled(option: 'width' | 'height', value: number | undefined, dpr: number, max: number) {
  if (value === undefined) return undefined;
  const n = Math.round(value * dpr);
  if (n > max)
    throw invalidOption(option, `at most ${max} pixels after dpr ${dpr}`, `${value} × ${dpr} = ${n}`);
  return n;
}

function checkCrop(crop: Crop, W: number, H: number): void {
  if (crop.left + crop.width > W || crop.top + crop.height > H)
    throw conflictingOption(
      'crop',
      `The crop ${crop.left}-${crop.top}-${crop.width}-${crop.height} does not fit in the ${W}×${H} image.`,
    );
}

function defaultFormat(source: SourceInfo): OutputFormat {
  if (isOutputFormat(source.format)) return source.format;
  return source.hasAlpha ? 'png' : 'jpeg';
}

/**
 * Fills in defaults, clamps sizes to the image, negotiates `f_auto` from `accept` and removes
 * options that have no effect, so that every request that would produce the same bytes yields
 * the same {@link Transform}. Pure.
 *
 * @throws AppError INVALID_TRANSFORM when a size exceeds the limit after dpr, the crop does not
 *   fit the image, or a rotation would outgrow the pixel limit.
 */
export function canonicalize(
  request: TransformRequest,
  source: SourceInfo,
  accept: string | undefined,
  limits: TransformLimits,
): Canonicalized {
  const swapped = (source.orientation ?? 1) >= 5;
  let W = swapped ? source.height : source.width;
  let H = swapped ? source.width : source.height;

  let crop = request.crop;
  if (crop) {
    checkCrop(crop, W, H);
    if (crop.left === 0 && crop.top === 0 && crop.width === W && crop.height === H) crop = undefined;
    else ({ width: W, height: H } = crop);
  }
  const rotate = request.rotate ?? 0;
  const flip = request.flip ?? false;
  const flop = request.flop ?? false;
  // Sized with the angle the pipeline will pass to libvips (mirrors negate it), to the pixel.
  const turned = rotatedSize(W, H, sharpRotation(rotate, flip, flop).angle);
  // libvips builds the turned canvas before any resize: it may not outgrow the input limit.
  if (turned.width * turned.height > limits.maxPixels)
    throw conflictingOption(
      'rotate',
      `Turning the ${W}×${H} image by ${rotate}° makes a ${turned.width}×${turned.height} canvas, more than the ${limits.maxPixels} pixels allowed.`,
    );
  ({ width: W, height: H } = turned);

  const dpr = request.dpr ?? 1;
  const resize = resolveResize(
    W,
    H,
    scaled('width', request.width, dpr, limits.maxDimension),
    scaled('height', request.height, dpr, limits.maxDimension),
    request.fit ?? 'cover',
  );
  const twoSided = resize.width !== undefined && resize.height !== undefined;
  const positioned = twoSided && (resize.fit === 'cover' || resize.fit === 'contain');
  const negotiated = request.format === 'auto';
  const animated = source.animated && source.frames > 1;
  const format: OutputFormat = negotiated
    ? negotiateFormat(accept, { alpha: source.hasAlpha, animated })
    : ((request.format as OutputFormat | undefined) ?? defaultFormat(source));
  // libvips turns and flips a multi-page image as one tall strip: quarter and free turns fail, and
  // half turns and flips reverse the frame order. Crops with a mirror need two passes. Those render still.
  const still = rotate !== 0 || flip || (crop !== undefined && flop);
  const frames =
    animated && !still && SUPPORTS_ANIMATION.has(format) ? Math.min(source.frames, limits.maxFrames) : 1;

  let gravity: Gravity = positioned ? (request.gravity ?? 'center') : 'center';
  if (resize.fit === 'contain' && (gravity === 'attention' || gravity === 'entropy'))
    throw conflictingOption('gravity', `The smart crop gravity ${gravity} works only with fit cover.`);
  // Smart crops analyse one frame; animations are cropped around the centre instead.
  if (frames > 1 && (gravity === 'attention' || gravity === 'entropy')) gravity = 'center';

  const letterboxed = twoSided && resize.fit === 'contain';
  const flattened = source.hasAlpha && !SUPPORTS_ALPHA.has(format);
  const cornered = !isRightAngle(rotate);
  const background =
    letterboxed || flattened || cornered ? (request.background ?? DEFAULT_BACKGROUND) : DEFAULT_BACKGROUND;

  const blur = request.blur ? Math.max(0.3, request.blur) : undefined;
  const sharpen = request.sharpen || undefined;
  const defaultQuality = DEFAULT_QUALITY[format];
  const quality = defaultQuality === undefined ? undefined : (request.quality ?? defaultQuality);

  return {
    transform: {
      ...(crop && { crop }),
      rotate,
      flip,
      flop,
      ...(resize.width !== undefined && { width: resize.width }),
      ...(resize.height !== undefined && { height: resize.height }),
      fit: resize.fit,
      gravity,
      background,
      ...(blur !== undefined && { blur }),
      ...(sharpen !== undefined && { sharpen }),
      format,
      ...(quality !== undefined && { quality }),
      frames,
    },
    negotiated,
    output: resize.out,
  };
}

/**
 * The canonical options segment of a transform: fixed order, defaults left out. Equal
 * transforms give equal strings; the string is part of the variant's storage key and ETag.
 *
 * @example
 * canonicalString(t); // 'w_800,h_600,g_attention,f_webp,q_75'
 */
export function canonicalString(t: Transform): string {
  const tokens: string[] = [];
  if (t.crop) tokens.push(`crop_${t.crop.left}-${t.crop.top}-${t.crop.width}-${t.crop.height}`);
  if (t.rotate) tokens.push(`r_${t.rotate}`);
  if (t.flip) tokens.push('flip');
  if (t.flop) tokens.push('flop');
  if (t.width !== undefined) tokens.push(`w_${t.width}`);
  if (t.height !== undefined) tokens.push(`h_${t.height}`);
  if (t.fit !== 'cover') tokens.push(`fit_${t.fit}`);
  if (t.gravity !== 'center') tokens.push(`g_${t.gravity}`);
  if (t.background !== DEFAULT_BACKGROUND) tokens.push(`bg_${t.background}`);
  if (t.blur !== undefined) tokens.push(`blur_${t.blur}`);
  if (t.sharpen !== undefined) tokens.push(`sharpen_${t.sharpen}`);
  tokens.push(`f_${t.format}`);
  if (t.quality !== undefined && t.quality !== DEFAULT_QUALITY[t.format]) tokens.push(`q_${t.quality}`);
  if (t.frames > 1) tokens.push(`frames_${t.frames}`);
  return tokens.join(',');
}

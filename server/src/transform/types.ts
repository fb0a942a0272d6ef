/** Formats a variant can be encoded to. */
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/** How the image fits the requested box (sharp's `fit`). */
export type Fit = 'cover' | 'contain' | 'inside' | 'outside' | 'fill';

/** Where the crop (cover) or the image inside the box (contain) is anchored; `attention`/`entropy` are smart crops. */
export type Gravity =
  | 'center'
  | 'north'
  | 'northeast'
  | 'east'
  | 'southeast'
  | 'south'
  | 'southwest'
  | 'west'
  | 'northwest'
  | 'attention'
  | 'entropy';

/** A rectangle of the (EXIF-oriented) source, in pixels. */
export interface Crop {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** 8-bit RGBA, as written in URLs: `rrggbb` or `rrggbbaa`. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly alpha: number;
}

/**
 * Options as a URL asks for them, after parsing and preset expansion. Unset members take their
 * defaults during canonicalisation.
 */
export interface TransformRequest {
  readonly width?: number;
  readonly height?: number;
  readonly fit?: Fit;
  readonly gravity?: Gravity;
  /** Device pixel ratio: multiplies width and height. */
  readonly dpr?: number;
  readonly crop?: Crop;
  /** Clockwise degrees, normalised to [0, 360) with at most two decimals. */
  readonly rotate?: number;
  /** Mirror top to bottom. */
  readonly flip?: boolean;
  /** Mirror left to right. */
  readonly flop?: boolean;
  /** Gaussian blur sigma. */
  readonly blur?: number;
  /** Sharpen sigma. */
  readonly sharpen?: number;
  /** Background for letterboxing, the corners of free rotations and flattening alpha: lowercase `rrggbbaa`. */
  readonly background?: string;
  readonly quality?: number;
  readonly format?: OutputFormat | 'auto';
}

/** A parsed options segment. */
export interface ParsedTransform {
  readonly request: TransformRequest;
  /** Names of the presets used, in URL order. */
  readonly presets: readonly string[];
  /** True when every token of the segment was a preset (`p_name`): what unsigned and presets-only requests may use. */
  readonly onlyPresets: boolean;
}

/** What canonicalisation needs to know about the source image. */
export interface SourceInfo {
  readonly format: string;
  /** Stored width and height, before EXIF orientation. */
  readonly width: number;
  readonly height: number;
  readonly orientation: number | null;
  readonly hasAlpha: boolean;
  readonly animated: boolean;
  readonly frames: number;
}

/**
 * Everything resolved for one source and one client: defaults filled in, numbers clamped, format
 * negotiated. Two requests with equal `Transform`s get identical bytes; {@link canonicalString}
 * turns it into the cache key.
 */
export interface Transform {
  readonly crop?: Crop;
  /** Clockwise degrees in [0, 360), at most two decimals; free (not right-angle) turns show `background` in the corners. */
  readonly rotate: number;
  readonly flip: boolean;
  readonly flop: boolean;
  readonly width?: number;
  readonly height?: number;
  readonly fit: Fit;
  readonly gravity: Gravity;
  readonly background: string;
  readonly blur?: number;
  readonly sharpen?: number;
  readonly format: OutputFormat;
  /** Undefined for formats without a quality setting (png, gif). */
  readonly quality?: number;
  /** Frames to keep: 1 for a still output. */
  readonly frames: number;
}

/** Operator limits that shape canonicalisation. */
export interface TransformLimits {
  /** Largest output width or height, in pixels. */
  readonly maxDimension: number;
  /** Most animation frames rendered. */
  readonly maxFrames: number;
  /** Most pixels a free rotation may turn the image into (the input limit, MAX_PIXELS). */
  readonly maxPixels: number;
}

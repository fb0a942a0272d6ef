import { OUTPUT_FORMATS, isOutputFormat } from './formats';
import { conflictingOption, invalidOption } from './invalidOption';
import type { Crop, Fit, Gravity, ParsedTransform, TransformRequest } from './types';

/** Named option sets, already parsed (see {@link parsePresets}). */
export type Presets = Readonly<Record<string, TransformRequest>>;

export interface ParseLimits {
  /** Largest width or height a URL may ask for. */
  readonly maxDimension: number;
}

const FITS: readonly Fit[] = ['cover', 'contain', 'inside', 'outside', 'fill'];

const GRAVITIES: Readonly<Record<string, Gravity>> = {
  center: 'center',
  centre: 'center',
  c: 'center',
  north: 'north',
  n: 'north',
  northeast: 'northeast',
  ne: 'northeast',
  east: 'east',
  e: 'east',
  southeast: 'southeast',
  se: 'southeast',
  south: 'south',
  s: 'south',
  southwest: 'southwest',
  sw: 'southwest',
  west: 'west',
  w: 'west',
  northwest: 'northwest',
  nw: 'northwest',
  attention: 'attention',
  smart: 'attention',
  entropy: 'entropy',
};

type Parser = (value: string | undefined, limits: ParseLimits) => Partial<TransformRequest>;

function integer(option: string, value: string | undefined, min: number, max: number): number {
  const n = value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalidOption(option, `an integer from ${min} to ${max}`, value);
  return n;
}

/** Decimals are rounded to two places, so `1.5`, `1.50` and `1.501` name one variant. */
function decimal(option: string, value: string | undefined, min: number, max: number): number {
  const n = value !== undefined && /^\d{1,6}(\.\d{1,6})?$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw invalidOption(option, `a number from ${min} to ${max}`, value);
  return Math.round(n * 100) / 100;
}

/**
 * Degrees, any sign and size, rounded to two decimals like other decimals and normalised to
 * [0, 360) so that `-90`, `270` and `630` name one variant. The arithmetic is on the decimal digits
 * (micro-degrees are exact integers), and the rounding goes half up after the modulo, so equal
 * angles round alike whatever turn they are written in.
 */
function angle(value: string | undefined): number {
  const m = value === undefined ? null : /^(-?)(\d{1,9})(?:\.(\d{1,6}))?$/.exec(value);
  if (!m) throw invalidOption('rotate', 'an angle in degrees such as 90, -45 or 12.5', value);
  const turn = 360_000_000;
  const micro = (m[1] ? -1 : 1) * (Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0')));
  return (Math.round((((micro % turn) + turn) % turn) / 10_000) % 36_000) / 100;
}

function flag(option: string, value: string | undefined): boolean {
  if (value === undefined || value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw invalidOption(option, 'nothing, 1, 0, true or false', value);
}

const HEX = /^([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

function colour(option: string, value: string | undefined): string {
  if (value === undefined || !HEX.test(value))
    throw invalidOption(option, 'a hex colour rgb, rrggbb or rrggbbaa', value);
  const v = value.toLowerCase();
  const full = v.length === 3 ? [...v].map((c) => c + c).join('') : v;
  return full.length === 6 ? `${full}ff` : full;
}

function crop(value: string | undefined): Crop {
  const parts = value?.split('-') ?? [];
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,6}$/.test(p)))
    throw invalidOption('crop', 'left-top-width-height in pixels, e.g. 10-20-300-200', value);
  const [left, top, width, height] = parts.map(Number) as [number, number, number, number];
  if (width === 0 || height === 0) throw invalidOption('crop', 'a crop of at least 1×1 pixels', value);
  return { left, top, width, height };
}

/** Every option: its public name first, then its aliases, and the parser of its value. */
const OPTIONS: readonly { names: readonly string[]; parse: Parser }[] = [
  { names: ['width', 'w'], parse: (v, l) => ({ width: integer('width', v, 1, l.maxDimension) }) },
  { names: ['height', 'h'], parse: (v, l) => ({ height: integer('height', v, 1, l.maxDimension) }) },
  {
    names: ['fit'],
    parse: (v) => {
      if (!FITS.includes(v as Fit)) throw invalidOption('fit', `one of ${FITS.join(', ')}`, v);
      return { fit: v as Fit };
    },
  },
  {
    names: ['gravity', 'g'],
    parse: (v) => {
      const gravity = v === undefined ? undefined : GRAVITIES[v];
      if (!gravity)
        throw invalidOption('gravity', 'a compass point (north, ne, …), center, attention or entropy', v);
      return { gravity };
    },
  },
  { names: ['dpr'], parse: (v) => ({ dpr: decimal('dpr', v, 1, 4) }) },
  { names: ['crop', 'c'], parse: (v) => ({ crop: crop(v) }) },
  { names: ['rotate', 'r'], parse: (v) => ({ rotate: angle(v) }) },
  { names: ['flip'], parse: (v) => ({ flip: flag('flip', v) }) },
  { names: ['flop'], parse: (v) => ({ flop: flag('flop', v) }) },
  { names: ['blur'], parse: (v) => ({ blur: decimal('blur', v, 0, 100) }) },
  { names: ['sharpen'], parse: (v) => ({ sharpen: decimal('sharpen', v, 0, 10) }) },
  { names: ['background', 'bg'], parse: (v) => ({ background: colour('background', v) }) },
  { names: ['quality', 'q'], parse: (v) => ({ quality: integer('quality', v, 1, 100) }) },
  {
    names: ['format', 'f'],
    parse: (v) => {
      const format = v === 'jpg' ? 'jpeg' : v;
      if (format === 'auto' || (format !== undefined && isOutputFormat(format))) return { format };
      throw invalidOption('format', `auto or one of ${OUTPUT_FORMATS.join(', ')}`, v);
    },
  },
];

const BY_NAME = new Map(OPTIONS.flatMap((o) => o.names.map((n) => [n, o] as const)));

/** True for every option name and alias of the grammar, and for presets (`p`, `preset`). */
export function isOptionName(name: string): boolean {
  return BY_NAME.has(name) || name === 'p' || name === 'preset';
}

/**
 * Parses an options segment such as `w_800,h_600,fit_cover,f_auto,q_75` or `p_thumb,f_webp`.
 * Tokens are `name_value` (flags may omit the value) separated by commas, in any order; a
 * preset (`p_name`) expands to its options and explicit options override it. Pure.
 *
 * @throws AppError INVALID_TRANSFORM naming the option that is unknown, malformed, out of range,
 *   repeated or in conflict with another.
 * @example
 * parseTransform('w_800,f_webp', {}, { maxDimension: 4096 }).request; // { width: 800, format: 'webp' }
 */
export function parseTransform(segment: string, presets: Presets, limits: ParseLimits): ParsedTransform {
  if (segment.length > 512)
    throw invalidOption('options', 'at most 512 characters', `${segment.length} characters`);
  const fromPresets: TransformRequest[] = [];
  const names: string[] = [];
  let explicit: TransformRequest = {};
  const seen = new Set<string>();
  for (const token of segment.split(',')) {
    const sep = token.indexOf('_');
    const name = sep < 0 ? token : token.slice(0, sep);
    const value = sep < 0 ? undefined : token.slice(sep + 1);
    if (name === 'p' || name === 'preset') {
      const preset = value === undefined ? undefined : presets[value];
      if (!preset || !Object.hasOwn(presets, value!))
        throw invalidOption(
          'preset',
          `one of ${Object.keys(presets).join(', ') || '(no presets configured)'}`,
          value,
        );
      fromPresets.push(preset);
      names.push(value!);
      continue;
    }
    const option = BY_NAME.get(name);
    if (!option)
      throw invalidOption('options', `options such as w_800, h_600, fit_cover, f_auto or p_<preset>`, token);
    const publicName = option.names[0]!;
    if (seen.has(publicName))
      throw conflictingOption(publicName, `The option ${publicName} appears more than once.`);
    seen.add(publicName);
    explicit = { ...explicit, ...option.parse(value, limits) };
  }
  const request: TransformRequest = Object.assign({}, ...fromPresets, explicit);
  if (
    (request.gravity === 'attention' || request.gravity === 'entropy') &&
    request.fit !== undefined &&
    request.fit !== 'cover'
  ) {
    throw conflictingOption(
      'gravity',
      `The smart crop gravity ${request.gravity} works only with fit cover, not fit ${request.fit}.`,
    );
  }
  return { request, presets: names, onlyPresets: seen.size === 0 && names.length > 0 };
}

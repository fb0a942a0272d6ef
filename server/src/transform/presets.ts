import { parseTransform, type ParseLimits, type Presets } from './parseTransform';
import type { TransformRequest } from './types';

/**
 * Presets every server has unless `PRESETS` overrides them by name. Thumbnails are smart-cropped
 * squares; the others keep the aspect ratio. All negotiate the format.
 */
export const DEFAULT_PRESETS: Readonly<Record<string, string>> = {
  thumb: 'w_200,h_200,fit_cover,g_attention,f_auto',
  small: 'w_400,f_auto',
  medium: 'w_800,f_auto',
  large: 'w_1600,f_auto',
};

const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * Parses preset definitions written in the URL grammar (presets may not refer to presets).
 * Returns every problem at once so start-up can name them all.
 */
export function parsePresets(
  definitions: Readonly<Record<string, string>>,
  limits: ParseLimits,
): { presets: Presets; problems: string[] } {
  const presets: Record<string, TransformRequest> = {};
  const problems: string[] = [];
  for (const [name, segment] of Object.entries(definitions)) {
    if (!PRESET_NAME.test(name)) {
      problems.push(`preset name "${name}" must be 1 to 32 characters of a-z, 0-9 and -`);
      continue;
    }
    if (typeof segment !== 'string') {
      problems.push(`preset "${name}" must be a string of options such as "w_400,f_auto"`);
      continue;
    }
    try {
      presets[name] = parseTransform(segment, {}, limits).request;
    } catch (err) {
      problems.push(`preset "${name}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { presets, problems };
}

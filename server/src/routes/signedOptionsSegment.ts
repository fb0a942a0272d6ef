import type { Config } from '../config';
import { parseTransform } from '../transform';
import { invalid } from '../validation';

/**
 * The path suffix a signed URL gets for the `options` member of POST /v1/images/{id}/signed-url:
 * empty for the original, `/<options>` for a variant. Options are checked with the URL grammar
 * now, so a signature is never issued for a URL that could only fail.
 *
 * @throws AppError INVALID_PARAMETER when options is not a string; INVALID_TRANSFORM naming the bad option
 */
export function signedOptionsSegment(options: unknown, config: Pick<Config, 'transform'>): string {
  if (options === undefined) return '';
  if (typeof options !== 'string' || !/^[A-Za-z0-9_.,-]{1,512}$/.test(options))
    throw invalid('options', 'a transformation options segment such as "w_800,f_auto"', options);
  parseTransform(options, config.transform.presets, { maxDimension: config.transform.maxDimension });
  return `/${options}`;
}

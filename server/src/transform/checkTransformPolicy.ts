import { AppError } from '../errors';
import type { ParsedTransform } from './types';

export interface TransformPolicy {
  readonly requireSignature: boolean;
  readonly presetsOnly: boolean;
  readonly widths?: readonly number[];
  readonly presetNames: readonly string[];
}

/** How the request proved it may ask for arbitrary options. */
export interface TransformCaller {
  /** The URL carried a valid signature (which covers the options segment). */
  readonly signed: boolean;
  /** The caller presented an API key allowed to read images. */
  readonly keyed: boolean;
}

/**
 * Decides whether a caller may ask for these options, before any work is done. Presets are the
 * operator's own choices and always allowed; anything else can mint new cache entries, so it
 * needs a signature or an API key (unless signing is switched off), and is refused outright on
 * presets-only servers. An explicit width must be on the allow-list when there is one. Pure.
 *
 * @throws AppError TRANSFORM_NOT_ALLOWED or SIGNATURE_REQUIRED
 */
export function checkTransformPolicy(
  parsed: ParsedTransform,
  caller: TransformCaller,
  policy: TransformPolicy,
): void {
  if (parsed.onlyPresets) return;
  if (policy.presetsOnly)
    throw new AppError(
      'TRANSFORM_NOT_ALLOWED',
      `This server accepts only presets: ${policy.presetNames.map((n) => `p_${n}`).join(', ')}.`,
      { extensions: { option: 'options' } },
    );
  if (policy.requireSignature && !caller.signed && !caller.keyed)
    throw new AppError(
      'SIGNATURE_REQUIRED',
      'Options other than presets need a signed URL (POST /v1/images/{id}/signed-url with the options path) or an API key.',
    );
  const { width, dpr } = parsed.request;
  if (policy.widths && width !== undefined) {
    const effective = Math.round(width * (dpr ?? 1));
    if (!policy.widths.includes(effective))
      throw new AppError(
        'TRANSFORM_NOT_ALLOWED',
        `Expected one of ${policy.widths.join(', ')} for width but received ${effective}.`,
        { extensions: { option: 'width' } },
      );
  }
}

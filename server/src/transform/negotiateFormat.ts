import type { OutputFormat } from './types';

/** The q-value of each media type listed explicitly in an Accept header (wildcards ignored). */
function explicitTypes(accept: string | undefined): Map<string, number> {
  const types = new Map<string, number>();
  for (const part of (accept ?? '').split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    if (!type || type.includes('*')) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    types.set(type.trim(), Math.max(q, types.get(type.trim()) ?? 0));
  }
  return types;
}

/**
 * Picks the output format for `f_auto`: AVIF, then WebP, when the client names them in `Accept`
 * (browsers that decode them say so explicitly; `image/*` and `*\/*` promise nothing); otherwise
 * the universal fallback: GIF for animations, PNG when alpha must survive, JPEG for the rest.
 * Animations skip AVIF because libvips does not write animated AVIF. Pure.
 *
 * @example
 * negotiateFormat('image/avif,image/webp,*\/*', { alpha: false, animated: false }); // 'avif'
 */
export function negotiateFormat(
  accept: string | undefined,
  source: { readonly alpha: boolean; readonly animated: boolean },
): OutputFormat {
  const types = explicitTypes(accept);
  const takes = (type: string) => (types.get(type) ?? 0) > 0;
  if (!source.animated && takes('image/avif')) return 'avif';
  if (takes('image/webp')) return 'webp';
  if (source.animated) return 'gif';
  return source.alpha ? 'png' : 'jpeg';
}

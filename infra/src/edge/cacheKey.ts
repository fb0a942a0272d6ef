/**
 * Headers in the transform cache key. `Accept` arrives normalised to avif/webp/other by the
 * viewer-request function. `Host` is there because every server shares the distribution under
 * the wildcard domain: without it, `a.<domain>/i/1` and `b.<domain>/i/1` would share an entry.
 */
export const TRANSFORM_CACHE_HEADERS = ['Host', 'Accept'] as const;

/** The path pattern of the transform routes `/i/:id` and `/i/:id/<options>`. */
export const TRANSFORM_PATH_PATTERN = '/i/*';

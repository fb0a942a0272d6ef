import sharp from 'sharp';

/**
 * Process-wide libvips settings, chosen for a server that renders many different images at once:
 * - The operation cache is off: it keeps decoded images and intermediate results for reuse by
 *   later pipelines, which helps repeated work on one file but here only grows memory, since
 *   finished variants are cached by the server's own layers and a cold render never repeats.
 * - One libvips thread per render (sharp's default is one per core). Parallelism comes from
 *   running several renders at once (TRANSFORM_CONCURRENCY, two per core), as imgproxy does: the
 *   JPEG decoder and the encoders work on one thread anyway, so extra threads per render bought no
 *   latency even for a single 12 MP render on an idle machine (60 ms either way; 340 ms for a
 *   2400 px blurred WebP), while under load they contend for the same cores (`npm run bench`
 *   prints the per-core setting beside the server's).
 * Memory growth in libvips servers comes mostly from glibc malloc arenas per thread; the
 * Dockerfile caps them with MALLOC_ARENA_MAX=2.
 */
export function configureSharp(options: { readonly threadsPerRender?: number } = {}): void {
  sharp.cache(false);
  sharp.concurrency(options.threadsPerRender ?? 1);
}

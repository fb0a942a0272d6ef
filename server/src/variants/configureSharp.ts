import sharp from 'sharp';

/**
 * Process-wide libvips settings, chosen for a server that renders many different images:
 * - The operation cache is off: it keeps decoded images and intermediate results for reuse by
 *   later pipelines, which helps repeated work on one file but here only grows memory, since
 *   finished variants are cached by the server's own layers and a cold render never repeats.
 * - Threads per render stay at sharp's default (one per core). `npm run bench` also measures one
 *   thread per render; on this workload neither was consistently ahead, and the default keeps a
 *   single large render fast when the server is otherwise idle.
 * Memory growth in libvips servers comes mostly from glibc malloc arenas per thread; the
 * Dockerfile caps them with MALLOC_ARENA_MAX=2.
 */
export function configureSharp(options: { readonly threadsPerRender?: number } = {}): void {
  sharp.cache(false);
  if (options.threadsPerRender) sharp.concurrency(options.threadsPerRender);
}

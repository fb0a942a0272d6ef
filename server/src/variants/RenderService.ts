import type { Logger } from 'pino';
import type { ImageRecord } from '../db';
import type { Metrics } from '../metrics';
import { variantPrefix } from '../services/blobKeys';
import { BlobNotFoundError, type BlobStore } from '../storage';
import { OUTPUT_CONTENT_TYPES, renderTransform, type RenderLimits, type Transform } from '../transform';
import type { ByteBoundedCache } from './ByteBoundedCache';
import type { ConcurrencyLimiter } from './ConcurrencyLimiter';
import { singleFlight } from './singleFlight';
import type { CdnInvalidator, Variant, VariantAddress, VariantBytesCache } from './types';
import { variantAddress } from './variantAddress';
import { withDeadline } from './withDeadline';

export interface RenderServiceDeps {
  readonly store: BlobStore;
  readonly cache: VariantBytesCache;
  readonly limiter: ConcurrencyLimiter;
  readonly limits: RenderLimits;
  /** A request stops waiting for its render after this long (the render still finishes). */
  readonly timeoutMs: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly cdn?: CdnInvalidator;
  /** Recently rendered originals, so a burst of variants of one image reads it once. */
  readonly sources?: ByteBoundedCache;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Produces variants once and serves them from the nearest layer: L1 (process), L2 (Redis),
 * L3 (blob store, shared by the fleet), and only then a render. Concurrent requests for one
 * missing variant share a single look-up and render in this process; renders run under the
 * concurrency limiter.
 */
export class RenderService {
  private readonly once = singleFlight<Variant>();

  constructor(private readonly deps: RenderServiceDeps) {}

  /** The variant's cache id, blob key and ETag, known without touching any layer. */
  address(image: ImageRecord, transform: Transform, canonical: string): VariantAddress {
    return variantAddress(image.sha256, canonical, transform.format);
  }

  /** @throws AppError OVERLOADED, TRANSFORM_TIMEOUT, UNDECODABLE_IMAGE, PIXEL_LIMIT_EXCEEDED, STORAGE_UNAVAILABLE */
  async variant(image: ImageRecord, transform: Transform, canonical: string): Promise<Variant> {
    const address = this.address(image, transform, canonical);
    const made = (data: Buffer, servedBy: Variant['servedBy']): Variant => ({
      data,
      format: transform.format,
      contentType: OUTPUT_CONTENT_TYPES[transform.format],
      etag: address.etag,
      servedBy,
    });
    const cached = await this.deps.cache.get(image.sha256, address.id);
    if (cached) return made(cached.data, cached.layer);
    return this.once(address.id, async () => {
      const stored = await this.readStored(address);
      if (stored) {
        await this.deps.cache.set(image.sha256, address.id, stored);
        return made(stored, 'l3');
      }
      let markStarted!: () => void;
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const rendered = this.deps.limiter
        .run(() => {
          markStarted();
          return this.render(image, transform);
        })
        .then(async (data) => {
          await this.deps.store.put(address.storageKey, data, {
            contentType: OUTPUT_CONTENT_TYPES[transform.format],
          });
          this.deps.metrics.variantCacheBytes.inc({ layer: 'l3', direction: 'stored' }, data.length);
          await this.deps.cache.set(image.sha256, address.id, data);
          return data;
        });
      // A render that outlives its request still completes and is stored for the next one.
      rendered.catch((err: unknown) => this.deps.logger.debug({ err }, 'render failed'));
      await Promise.race([started, rendered]); // OVERLOADED surfaces here, before any deadline
      return made(await withDeadline(rendered, this.deps.timeoutMs), 'render');
    });
  }

  /**
   * Removes every variant of the image from every layer and asks the CDN to forget its URLs.
   * A CDN failure is logged and counted, not thrown: the image's own state is already correct.
   */
  async invalidate(image: ImageRecord): Promise<void> {
    const removed = await this.deps.store.deletePrefix(variantPrefix(image.sha256));
    if (removed) this.deps.metrics.variantCacheEvictions.inc({ layer: 'l3', reason: 'invalidated' }, removed);
    await this.deps.cache.deleteSource(image.sha256);
    this.deps.sources?.delete(image.storageKey);
    if (!this.deps.cdn) return;
    try {
      await this.deps.cdn.invalidateImage(image.id);
      this.deps.metrics.cdnInvalidations.inc({ outcome: 'ok' });
    } catch (err) {
      this.deps.metrics.cdnInvalidations.inc({ outcome: 'error' });
      this.deps.logger.error({ err, imageId: image.id }, 'CDN invalidation failed');
    }
  }

  private async readStored(address: VariantAddress): Promise<Buffer | undefined> {
    const { metrics, store } = this.deps;
    try {
      const data = await readAll(await store.get(address.storageKey));
      metrics.variantCacheRequests.inc({ layer: 'l3', result: 'hit' });
      metrics.variantCacheBytes.inc({ layer: 'l3', direction: 'served' }, data.length);
      return data;
    } catch (err) {
      if (!(err instanceof BlobNotFoundError)) throw err;
      metrics.variantCacheRequests.inc({ layer: 'l3', result: 'miss' });
      return undefined;
    }
  }

  /**
   * The original's bytes, from the source cache when a recent render read them. Reading a
   * multi-megabyte original as a stream for every render was measured to spend more CPU in
   * garbage collection than the render's own overhead; a page asking for several sizes of a new
   * image at once reads it once.
   */
  private async readSource(image: ImageRecord): Promise<Buffer> {
    const { sources, store, metrics } = this.deps;
    const cached = sources?.get(image.storageKey);
    metrics.variantCacheRequests.inc({ layer: 'source', result: cached ? 'hit' : 'miss' });
    if (cached) return cached;
    const data = await readAll(await store.get(image.storageKey));
    sources?.set(image.storageKey, data);
    return data;
  }

  private async render(image: ImageRecord, transform: Transform): Promise<Buffer> {
    const { metrics, limits } = this.deps;
    const end = metrics.transformDuration.startTimer({ format: transform.format });
    try {
      // The untouched original: orientation and colour profile intact; outputs carry no metadata.
      const input = await this.readSource(image);
      const { data } = await renderTransform(input, transform, limits);
      end();
      metrics.transforms.inc({ format: transform.format, outcome: 'ok' });
      return data;
    } catch (err) {
      metrics.transforms.inc({ format: transform.format, outcome: 'error' });
      throw err;
    }
  }
}

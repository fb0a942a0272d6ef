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
  /** Input pixel limit, and the timeout after which libvips abandons a render while computing pixels. */
  readonly limits: RenderLimits;
  /**
   * A request stops waiting for its render after this long. libvips cannot stop an AVIF encoder
   * once it runs: such a render finishes, keeping its slot, and is stored for the next request.
   */
  readonly timeoutMs: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly cdn?: CdnInvalidator;
  /** Recently rendered originals, so a burst of variants of one image reads it once. */
  readonly sources?: ByteBoundedCache;
}

interface Answer {
  resolve(variant: Variant): void;
  reject(err: unknown): void;
}

function toVariant(
  address: VariantAddress,
  transform: Transform,
  data: Buffer,
  servedBy: Variant['servedBy'],
): Variant {
  const { format } = transform;
  return { data, format, contentType: OUTPUT_CONTENT_TYPES[format], etag: address.etag, servedBy };
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
 * concurrency limiter. A fresh render is answered at once and written to the layers behind the
 * response; until the write ends, requests for it are served from the rendered bytes.
 */
export class RenderService {
  private readonly once = singleFlight<Variant>();
  /** Rendered variants still being written to the layers, by cache id. */
  private readonly writing = new Map<string, Buffer>();
  /** Renders and writes under way, by source: invalidation waits for them, so nothing lands after it. */
  private readonly pending = new Map<string, Set<Promise<unknown>>>();

  constructor(private readonly deps: RenderServiceDeps) {}

  /** The variant's cache id, blob key and ETag, known without touching any layer. */
  address(image: ImageRecord, transform: Transform, canonical: string): VariantAddress {
    return variantAddress(image.sha256, canonical, transform.format);
  }

  /** @throws AppError OVERLOADED, TRANSFORM_TIMEOUT, UNDECODABLE_IMAGE, PIXEL_LIMIT_EXCEEDED, STORAGE_UNAVAILABLE */
  async variant(image: ImageRecord, transform: Transform, canonical: string): Promise<Variant> {
    const address = this.address(image, transform, canonical);
    const cached = await this.deps.cache.get(image.sha256, address.id);
    if (cached) return toVariant(address, transform, cached.data, cached.layer);
    return this.once(address.id, () => {
      let answer!: Answer;
      const answered = new Promise<Variant>((resolve, reject) => (answer = { resolve, reject }));
      // Writing goes on after the answer; the whole of it is work under way for the source.
      const work = this.track(image.sha256, () => this.produce(image, transform, address, answer));
      return Promise.race([answered, work.then(() => answered)]);
    });
  }

  /**
   * Removes every variant of the image from every layer and asks the CDN to forget its URLs.
   * Renders and writes of its variants still under way finish first. A CDN failure is logged
   * and counted, not thrown: the image's own state is already correct.
   */
  async invalidate(image: ImageRecord): Promise<void> {
    await Promise.allSettled(this.pending.get(image.sha256) ?? []);
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

  /** Waits for every render and write under way (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].flatMap((work) => [...work]));
  }

  /** Runs `work`, registered as under way for the source until it settles. */
  private track<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    let underWay = this.pending.get(sha256);
    if (!underWay) this.pending.set(sha256, (underWay = new Set()));
    const running = work();
    underWay.add(running);
    const settle = () => {
      underWay.delete(running);
      if (!underWay.size && this.pending.get(sha256) === underWay) this.pending.delete(sha256);
    };
    running.then(settle, settle);
    return running;
  }

  /** Answers from the nearest shared layer or a render, then fills the layers that missed. */
  private async produce(
    image: ImageRecord,
    transform: Transform,
    address: VariantAddress,
    answer: Answer,
  ): Promise<void> {
    const written = this.writing.get(address.id);
    if (written) return answer.resolve(toVariant(address, transform, written, 'l1'));
    const stored = await this.readStored(address);
    if (stored) {
      answer.resolve(toVariant(address, transform, stored, 'l3'));
      return this.deps.cache.set(image.sha256, address.id, stored);
    }
    const rendering = this.deps.limiter.run(() => this.render(image, transform));
    withDeadline(rendering, this.deps.timeoutMs).then(
      (data) => answer.resolve(toVariant(address, transform, data, 'render')),
      answer.reject,
    );
    await this.write(image.sha256, address, transform, await rendering);
  }

  /**
   * Writes a fresh render to L3, then L1/L2. A failure only costs a later render, so it is logged
   * and counted rather than failing the request that was already answered.
   */
  private async write(sha256: string, address: VariantAddress, transform: Transform, data: Buffer) {
    const { cache, store, metrics, logger } = this.deps;
    this.writing.set(address.id, data);
    try {
      await store.put(address.storageKey, data, {
        contentType: OUTPUT_CONTENT_TYPES[transform.format],
        rebuildable: true,
      });
      metrics.variantCacheBytes.inc({ layer: 'l3', direction: 'stored' }, data.length);
      await cache.set(sha256, address.id, data);
    } catch (err) {
      metrics.cacheErrors.inc({ layer: 'l3' });
      logger.warn({ err, key: address.storageKey }, 'storing a rendered variant failed');
    } finally {
      this.writing.delete(address.id);
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

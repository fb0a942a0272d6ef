import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Config } from '../config';
import {
  DuplicateImageError,
  type Database,
  type ImageRecord,
  type NewImage,
  type ImageStats,
  type ListImagesQuery,
  type Page,
  type Visibility,
} from '../db';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { ReceivedUpload } from '../ingest';
import { inspectImage, stripMetadata } from '../media';
import type { Metrics } from '../metrics';
import type { BlobStore } from '../storage';
import type { RecordCache } from '../cache';
import { holdsUploads } from '../tagging/holdsUploads';
import { deliveryKey, originalKey, variantPrefix } from './blobKeys';
import { keyedMutex } from './keyedMutex';

/** Object tags of stored originals; infra's images-bucket lifecycle rule selects on them. */
const ORIGINAL_TAGS = { 'imageserver:kind': 'original' } as const;

export interface ImageServiceDeps {
  readonly config: Pick<Config, 'limits' | 'stripMetadata' | 'tagging'>;
  readonly db: Database;
  readonly store: BlobStore;
  readonly events: EventBus;
  readonly metrics: Metrics;
  readonly cache: RecordCache<ImageRecord>;
  readonly logger: Logger;
  /** Removes an image's variants from every cache layer and the CDN (delete and visibility changes). */
  readonly invalidateVariants?: (image: ImageRecord) => Promise<void>;
}

export interface IngestResult {
  readonly image: ImageRecord;
  readonly duplicate: boolean;
}

/** 22 base64url characters: 128 random bits, safe in URLs and storage keys. */
export function newImageId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Owns the life of an image: ingest, read, change, delete. Writes are ordered so that any
 * failure leaves nothing behind: blobs are written before the row and removed if the row
 * cannot be written; on delete, blobs go first so a failed delete can simply be retried.
 */
export class ImageService {
  private readonly serialiseBySha = keyedMutex();

  constructor(private readonly deps: ImageServiceDeps) {}

  /**
   * Validates and stores a received upload. The temporary file is always removed.
   * @throws AppError 415/422 for content that is not an accepted image, 503 when storage or the database fail.
   */
  async ingest(
    upload: ReceivedUpload,
    options: { visibility: Visibility; tags: readonly string[] },
  ): Promise<IngestResult> {
    const { db, metrics } = this.deps;
    const delivery = `${upload.path}.delivery`;
    try {
      const existing = await db.images.findBySha256(upload.sha256);
      if (existing) return this.duplicate(existing);

      const info = await inspectImage(upload.path, this.deps.config.limits);
      const stripped = await stripMetadata(upload.path, info, this.deps.config.stripMetadata, delivery);
      const image = await this.serialiseBySha(upload.sha256, () =>
        this.persist(
          upload,
          {
            id: newImageId(),
            sha256: upload.sha256,
            contentType: info.contentType,
            format: info.format,
            width: info.width,
            height: info.height,
            orientation: info.orientation,
            hasAlpha: info.hasAlpha,
            animated: info.animated,
            frames: info.frames,
            bytes: upload.bytes,
            visibility: options.visibility,
            exif: info.exif,
            storageKey: originalKey(upload.sha256),
            deliveryKey: stripped.changed
              ? deliveryKey(upload.sha256, this.deps.config.stripMetadata)
              : originalKey(upload.sha256),
            deliveryBytes: stripped.changed ? stripped.bytes : upload.bytes,
            tags: options.tags.map((name) => ({ name, source: 'user' })),
          },
          delivery,
        ),
      );
      if ('duplicate' in image) return image;
      metrics.uploads.inc({ result: 'created' });
      metrics.uploadBytes.inc(upload.bytes);
      this.deps.events.publish('image.uploaded', { image });
      return { image, duplicate: false };
    } catch (err) {
      metrics.uploads.inc({ result: 'rejected' });
      throw err;
    } finally {
      await Promise.all([upload.cleanup(), rm(delivery, { force: true })]);
    }
  }

  private async persist(
    upload: ReceivedUpload,
    record: NewImage,
    deliveryPath: string,
  ): Promise<ImageRecord | IngestResult> {
    const { db, store } = this.deps;
    const written: string[] = [];
    try {
      await store.putFile(record.storageKey, upload.path, {
        contentType: record.contentType,
        // The platform bucket's lifecycle moves objects with this tag to cheaper storage classes.
        tags: ORIGINAL_TAGS,
      });
      written.push(record.storageKey);
      if (record.deliveryKey !== record.storageKey) {
        await store.putFile(record.deliveryKey, deliveryPath, { contentType: record.contentType });
        written.push(record.deliveryKey);
      }
      return await db.images.create(record, { holdForModeration: holdsUploads(this.deps.config.tagging) });
    } catch (err) {
      if (err instanceof DuplicateImageError) {
        // Another replica stored the same bytes first; the blob it points to is identical to ours.
        const winner = await db.images.findById(err.existingId);
        if (winner) return this.duplicate(winner);
      }
      await this.removeUnreferenced(written);
      throw err;
    }
  }

  private duplicate(image: ImageRecord): IngestResult {
    this.deps.metrics.uploads.inc({ result: 'duplicate' });
    return { image, duplicate: true };
  }

  /** Best effort: a blob that cannot be removed now is logged; it is unreachable and harmless. */
  private async removeUnreferenced(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      try {
        if ((await this.deps.db.images.countBlobReferences(key)) === 0) await this.deps.store.delete(key);
      } catch (err) {
        this.deps.logger.error({ err, key }, 'could not remove blob after a failed upload');
      }
    }
  }

  /** @throws AppError NOT_FOUND */
  async get(id: string): Promise<ImageRecord> {
    const cached = await this.deps.cache.get(id);
    if (cached) return cached;
    const image = await this.deps.db.images.findById(id);
    if (!image) throw new AppError('NOT_FOUND', 'No image has this id.');
    await this.deps.cache.set(id, image);
    return image;
  }

  list(query: ListImagesQuery): Promise<Page<ImageRecord>> {
    return this.deps.db.images.list(query);
  }

  /** @throws AppError NOT_FOUND */
  async update(id: string, patch: { visibility?: Visibility; userTags?: string[] }): Promise<ImageRecord> {
    const previous = await this.get(id);
    const image = await this.deps.db.images.update(id, patch);
    await this.deps.cache.delete(id);
    if (!image) throw new AppError('NOT_FOUND', 'No image has this id.');
    // A CDN may hold public copies of variants that are now private.
    if (image.visibility !== previous.visibility) await this.deps.invalidateVariants?.(image);
    this.deps.events.publish('image.updated', { image, previous });
    return image;
  }

  /** Idempotent: deleting a missing image succeeds. */
  async delete(id: string): Promise<void> {
    const image = await this.deps.db.images.findById(id);
    if (!image) {
      await this.deps.cache.delete(id);
      return;
    }
    const { store } = this.deps;
    await store.deletePrefix(variantPrefix(image.sha256));
    await this.deps.invalidateVariants?.(image);
    for (const key of new Set([image.deliveryKey, image.storageKey])) await store.delete(key);
    await this.deps.db.images.delete(id);
    await this.deps.cache.delete(id);
    this.deps.events.publish('image.deleted', { image });
  }

  stats(): Promise<ImageStats> {
    return this.deps.db.images.stats();
  }
}

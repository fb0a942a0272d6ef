import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../errors';
import { BlobNotFoundError } from './BlobNotFoundError';
import { assertValidKey } from './assertValidKey';
import { assertValidPrefix } from './assertValidPrefix';
import { assertValidRange } from './assertValidRange';
import { classifyS3Error } from './classifyS3Error';
import { storageUnavailable } from './storageUnavailable';
import type { BlobMeta, BlobStore, ByteRange, PutOptions } from './types';

const MiB = 1024 * 1024;

export interface S3BlobStoreOptions {
  /** Built by `createS3Client(config.s3)` in the server; tests inject one pointed at a local S3-protocol server. */
  readonly client: S3Client;
  readonly bucket: string;
  /**
   * `S3_PREFIX`, prepended to every key. Treated as a folder: a '/' is added when missing, so that
   * prefixes 'a' and 'ab' can never see each other's objects. @default ''
   */
  readonly prefix?: string;
  /**
   * Multipart part size in bytes; bodies up to this size go in one PutObject. S3's minimum is 5 MiB.
   * A large upload holds about (queueSize + 1) × partSize in memory. @default 8 MiB
   */
  readonly partSize?: number;
  /** Parts uploaded at once for one object. @default 4 */
  readonly queueSize?: number;
  /** Keys per ListObjectsV2 page (and so per DeleteObjects batch in deletePrefix), at most 1000. @default 1000 */
  readonly listPageSize?: number;
  /** How long ping() waits for its ListObjectsV2 of one key, in milliseconds. @default 2000 */
  readonly pingTimeoutMs?: number;
}

/**
 * Blob store on S3 or an S3-compatible server. Writes go through `@aws-sdk/lib-storage` `Upload`
 * (one PutObject, or a multipart upload for bodies over one part), so a reader sees the old object
 * or the whole new one. Backend failures become `AppError('STORAGE_UNAVAILABLE')`.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly listPageSize: number;
  private readonly pingTimeoutMs: number;

  constructor(options: S3BlobStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = asFolderPrefix(options.prefix ?? '');
    this.partSize = options.partSize ?? 8 * MiB;
    this.queueSize = options.queueSize ?? 4;
    this.listPageSize = Math.min(options.listPageSize ?? 1000, 1000);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2000;
  }

  async putFile(key: string, localPath: string, options: PutOptions): Promise<void> {
    assertValidKey(key);
    // The caller's file: its errors (ENOENT…) are theirs and pass through unchanged.
    const { size } = await stat(localPath);
    await this.upload(key, createReadStream(localPath), size, options);
  }

  async put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    assertValidKey(key);
    await this.upload(key, body, Buffer.isBuffer(body) ? body.length : undefined, options);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidKey(key);
    if (range) assertValidRange(range);
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(res.Body instanceof Readable)) throw new TypeError('GetObject returned no Node.js stream');
      return res.Body;
    } catch (err) {
      switch (classifyS3Error(err)) {
        case 'not-found':
          throw new BlobNotFoundError(key, { cause: err });
        case 'range': {
          const error = new AppError('RANGE_NOT_SATISFIABLE', undefined, { cause: err });
          error.message = `Range ${range?.start}-${range?.end} starts past the end of blob ${JSON.stringify(key)}`;
          throw error;
        }
        default:
          throw storageUnavailable(this.kind, 'get', err);
      }
    }
  }

  async head(key: string): Promise<BlobMeta | undefined> {
    assertValidKey(key);
    try {
      const res = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return { size: res.ContentLength ?? 0, contentType: res.ContentType, lastModified: res.LastModified };
    } catch (err) {
      // A missing bucket also answers HEAD with a bare 404; ping() (a listing) is what tells them apart.
      if (classifyS3Error(err) === 'not-found') return undefined;
      throw storageUnavailable(this.kind, 'head', err);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.call('delete', () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key })),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { folder: true });
    let count = 0;
    // Each page is deleted before the next is asked for; the continuation token names the last
    // key seen, so removing the page does not shift what comes next.
    for await (const page of this.pages(prefix, 'deletePrefix')) {
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
      if (objects.length === 0) continue;
      const res = await this.call('deletePrefix', () =>
        this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }),
        ),
      );
      const failed = res.Errors?.[0];
      if (failed) {
        const cause = new Error(`DeleteObjects refused ${failed.Key}: ${failed.Code} ${failed.Message}`);
        throw storageUnavailable(this.kind, 'deletePrefix', cause);
      }
      count += objects.length;
    }
    return count;
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    assertValidPrefix(prefix, { folder: false });
    for await (const page of this.pages(prefix, 'list')) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined)
          yield { key: object.Key.slice(this.prefix.length), size: object.Size ?? 0 };
      }
    }
  }

  async ping(): Promise<void> {
    // A listing of one key under the store's own prefix, not HeadBucket: on a shared bucket the
    // server may list only its prefix (s3:ListBucket with an s3:prefix condition), which refuses
    // HeadBucket. It still fails with NoSuchBucket, AccessDenied or a network error.
    await this.call('ping', () =>
      this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, MaxKeys: 1 }),
        { abortSignal: AbortSignal.timeout(this.pingTimeoutMs) },
      ),
    );
  }

  private async upload(key: string, body: Buffer | Readable, size: number | undefined, options: PutOptions) {
    const bodyErrors: unknown[] = [];
    if (body instanceof Readable) body.on('error', (err) => bodyErrors.push(err));
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.prefix + key,
        Body: body,
        ContentType: options.contentType,
        ContentLength: size,
        // The x-amz-tagging header of PutObject / CreateMultipartUpload: tagged in the same request,
        // unlike Upload's `tags`, which adds a PutObjectTagging call after the object is visible.
        Tagging: options.tags ? taggingHeader(options.tags) : undefined,
      },
      partSize: this.partSize,
      queueSize: this.queueSize,
    });
    try {
      await upload.done();
    } catch (err) {
      if (body instanceof Readable) body.destroy();
      // The body's own error wins, even when aborting the multipart upload failed after it.
      if (bodyErrors.length > 0) throw bodyErrors[0];
      throw storageUnavailable(this.kind, 'put', err);
    }
  }

  private async *pages(prefix: string, operation: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.call(operation, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            MaxKeys: this.listPageSize,
            ContinuationToken: token,
          }),
        ),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Runs one S3 call whose only failure mode is "the store cannot serve". */
  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw storageUnavailable(this.kind, operation, err);
    }
  }
}

/** S3's `Tagging` parameter: the tags URL-encoded as a query string (`imageserver%3Akind=original`). */
function taggingHeader(tags: Readonly<Record<string, string>>): string | undefined {
  const query = new URLSearchParams(Object.entries(tags)).toString();
  return query === '' ? undefined : query;
}

function asFolderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

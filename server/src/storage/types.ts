import type { Readable } from 'node:stream';

export interface BlobMeta {
  size: number;
  contentType?: string;
  lastModified?: Date;
}

/** Inclusive byte range, already validated against the blob size by the caller. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  contentType: string;
  /**
   * Object tags, e.g. `{ 'imageserver:kind': 'original' }`, which the platform's bucket lifecycle
   * rules select on. S3 stores them with the object in the same request (at most 10, as S3 allows);
   * stores without object tags (fs) ignore them.
   */
  tags?: Readonly<Record<string, string>>;
  /**
   * The object can be rebuilt (a rendered variant): a store may give up durability across a
   * machine crash for speed, never atomicity. After a crash such an object may be missing, never
   * partial.
   */
  rebuildable?: boolean;
}

/**
 * Where image bytes live. Keys are relative paths checked by {@link assertValidKey}; every method
 * rejects an invalid key with `InvalidBlobKeyError` before any I/O. Backend failures surface as
 * `AppError('STORAGE_UNAVAILABLE')`; an error raised by the caller's own body stream is rethrown unchanged.
 */
export interface BlobStore {
  /** 'fs' | 's3', for logs and metrics labels. */
  readonly kind: string;
  /** Stores the local file under key. Readers never observe a partial object; overwrites. Large files use multipart upload on S3. */
  putFile(key: string, localPath: string, options: PutOptions): Promise<void>;
  /** Stores a buffer or a stream of unknown length under key (same atomicity). */
  put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void>;
  /** Opens a read stream of the whole object or a range. @throws BlobNotFoundError */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Metadata, or undefined when the key does not exist. */
  head(key: string): Promise<BlobMeta | undefined>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with prefix (prefix must end with '/'); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Lists keys under a prefix (relative to the store, without S3_PREFIX).
   * Both stores yield keys in ascending byte order; the prefix is a plain string prefix ('' lists all).
   */
  list(prefix: string): AsyncIterable<{ key: string; size: number }>;
  /** Cheap reachability check used by /readyz; throws when the store is unusable. */
  ping(): Promise<void>;
}

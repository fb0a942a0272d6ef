import type { TaggingConfig } from '../tagging/types';
import type { Presets } from '../transform/parseTransform';

/** How much metadata is removed from served originals (stored originals are never modified). */
export type StripMetadata = 'location' | 'all' | 'none';

export interface SigningKey {
  /** Key id carried in signed URLs so that keys can rotate. */
  readonly id: string;
  readonly secret: Buffer;
}

export interface S3Config {
  readonly bucket: string;
  readonly prefix: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
}

export interface Limits {
  /** Largest accepted upload, in bytes. */
  readonly maxUploadBytes: number;
  /** Largest accepted image, in pixels (width × height × frames for animations is checked separately). */
  readonly maxPixels: number;
  readonly maxFrames: number;
}

/** On-the-fly transformations: limits, abuse protection and presets. */
export interface TransformConfig {
  /** Renders running at once; more wait in the queue. */
  readonly concurrency: number;
  /** Renders that may wait for a slot; beyond that requests get 503 at once. */
  readonly queueSize: number;
  /** Longest wait for a slot before answering 503. */
  readonly queueTimeoutMs: number;
  /** libvips aborts a render after this long. */
  readonly timeoutSeconds: number;
  /** Largest width or height a URL may ask for (after dpr). */
  readonly maxDimension: number;
  /** Options other than presets need a signed URL (or an API key) when true. */
  readonly requireSignature: boolean;
  /** Only `p_<preset>` segments are accepted when true. */
  readonly presetsOnly: boolean;
  /** When set, the only widths an explicit `w_` may ask for (after dpr). */
  readonly widths?: readonly number[];
  /** Built-in presets merged with `PRESETS`, parsed. */
  readonly presets: Presets;
}

/** Where variants are cached besides the blob store. */
export interface VariantCacheConfig {
  /** Bytes of variants kept in the process. */
  readonly l1MaxBytes: number;
  /** Variants larger than this skip L1 and Redis (they are still stored in the blob store). */
  readonly maxItemBytes: number;
  readonly l2TtlSeconds: number;
  /** Bytes of originals kept in the process after a render, for the next variants of the same image. */
  readonly sourceCacheBytes: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Root of the embedded defaults: SQLite file, filesystem blob store, temp files. */
  readonly dataDir: string;
  /** `sqlite:<path>` or `postgres://…`. */
  readonly databaseUrl: string;
  /** Object storage; undefined means the filesystem store under dataDir. */
  readonly s3?: S3Config;
  readonly redisUrl?: string;
  readonly limits: Limits;
  readonly allowSvg: false;
  readonly stripMetadata: StripMetadata;
  readonly defaultVisibility: 'public' | 'private';
  /** Bootstrap admin key; when unset, the server starts with no admin (keys must already exist). */
  readonly adminApiKey?: string;
  /** First key signs; all keys verify. */
  readonly signingKeys: readonly SigningKey[];
  /** Longest lifetime a caller may ask of a signed URL, in seconds. */
  readonly maxSignedUrlTtlSeconds: number;
  /** Public base URL used to build `url` fields (e.g. the CDN domain); defaults to the request's origin. */
  readonly publicBaseUrl?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long graceful shutdown waits for in-flight requests, in milliseconds. */
  readonly shutdownTimeoutMs: number;
  /** Automatic tagging: backend, enabled taggers, retries, moderation policy. */
  readonly tagging: TaggingConfig;
  /** Prefix of every Redis key and channel, so several servers (or test runs) can share one Redis. */
  readonly redisNamespace: string;
  readonly transform: TransformConfig;
  readonly variantCache: VariantCacheConfig;
  /** When set, deleting an image or changing its visibility also invalidates its paths in this CloudFront distribution. */
  readonly cloudfrontDistributionId?: string;
}

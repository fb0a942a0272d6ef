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
}

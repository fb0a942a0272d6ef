import type { OutputFormat } from '../transform';

/** A rendered variant as served. */
export interface Variant {
  readonly data: Buffer;
  readonly format: OutputFormat;
  readonly contentType: string;
  /** Strong ETag including quotes: source hash + canonical options + encoder version. */
  readonly etag: string;
  /** Which layer answered: l1 (process), l2 (Redis), l3 (blob store) or render. */
  readonly servedBy: 'l1' | 'l2' | 'l3' | 'render';
}

/** Where a variant lives: its cache id (unique per source, options and encoder) and blob key. */
export interface VariantAddress {
  readonly sourceSha256: string;
  readonly id: string;
  readonly storageKey: string;
  readonly etag: string;
}

/** The in-memory layers (L1 process, L2 Redis) of variant bytes, grouped by source image. */
export interface VariantBytesCache {
  get(sourceSha256: string, id: string): Promise<{ data: Buffer; layer: 'l1' | 'l2' } | undefined>;
  /** Keeps small variants only; larger ones are left to the blob store. */
  set(sourceSha256: string, id: string, data: Buffer): Promise<void>;
  /** Drops every variant of a source from every layer, on every replica. */
  deleteSource(sourceSha256: string): Promise<void>;
  close(): Promise<void>;
}

/** Asks a CDN to forget an image's URLs. */
export interface CdnInvalidator {
  invalidateImage(imageId: string): Promise<void>;
}

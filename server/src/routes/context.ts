import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db';
import type { Metrics } from '../metrics';
import type { ApiKeyService, ImageService } from '../services';
import type { BlobStore } from '../storage';
import type { RenderService } from '../variants';
import type { TaggingService } from '../tagging';

/** Everything the routes need, built once in main (or by tests) and passed down. */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly db: Database;
  readonly store: BlobStore;
  readonly images: ImageService;
  readonly apiKeys: ApiKeyService;
  /** Produces and caches variants (transformations). */
  readonly variants: RenderService;
  /** The caches' shared layer (Redis), whose health /readyz reports; absent when not configured. */
  readonly sharedCache?: { readonly healthy: boolean };
  /** Automatic tagging; absent in contexts built without it (tests of other parts). */
  readonly tagging?: TaggingService;
}

/** Base URL for links in responses: the configured public URL, else the request's own origin. */
export function baseUrl(ctx: AppContext, req: Request): string {
  return ctx.config.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`;
}

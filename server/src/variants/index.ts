/** Variant production and caching: render service, limiter, cache layers and invalidation. */
export { RenderService, type RenderServiceDeps } from './RenderService';
export { ConcurrencyLimiter, type ConcurrencyLimiterOptions } from './ConcurrencyLimiter';
export { VariantCache, type VariantCacheOptions } from './VariantCache';
export { ByteBoundedCache } from './ByteBoundedCache';
export { CloudFrontInvalidator } from './CloudFrontInvalidator';
export { singleFlight } from './singleFlight';
export { withDeadline } from './withDeadline';
export { variantAddress, ENCODER_VERSION } from './variantAddress';
export { configureSharp } from './configureSharp';
export type * from './types';

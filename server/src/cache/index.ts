export type { Codec, RecordCache } from './types';
export { LayeredCache, type LayeredCacheOptions } from './LayeredCache';
export { connectRedis } from './connectRedis';
export { RedisLayer } from './RedisLayer';

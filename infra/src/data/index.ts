export { DataStack, type DataStackProps } from './DataStack';
export { ImagesBucket, type ImagesBucketProps } from './ImagesBucket';
export { Database, type DatabaseProps } from './Database';
export { Cache, type CacheProps } from './Cache';

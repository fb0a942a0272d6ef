import type { S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import type { Config } from '../config';
import { FsBlobStore } from './FsBlobStore';
import { S3BlobStore } from './S3BlobStore';
import { createS3Client } from './createS3Client';
import type { BlobStore } from './types';

/**
 * The store `config` asks for: S3 when `config.s3` is set (with `options.s3Client` if given, else a
 * client from {@link createS3Client}), otherwise the filesystem under `${config.dataDir}/blobs`.
 * Nothing is contacted or created here; `ping()` checks reachability.
 */
export function createBlobStore(config: Config, options: { s3Client?: S3Client } = {}): BlobStore {
  if (config.s3) {
    return new S3BlobStore({
      client: options.s3Client ?? createS3Client(config.s3),
      bucket: config.s3.bucket,
      prefix: config.s3.prefix,
    });
  }
  return new FsBlobStore(path.join(config.dataDir, 'blobs'));
}

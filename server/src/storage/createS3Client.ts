import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Config } from '../config';

/** How long opening a TCP connection to S3 may take before the SDK gives up (and retries). */
const CONNECTION_TIMEOUT_MS = 3000;

/**
 * The S3 client the server uses: region, endpoint and path style from config; credentials from the
 * SDK's default provider chain (env, web identity / IRSA, ECS, instance metadata) unless `overrides`
 * gives some, as tests do for the local S3-protocol server. Checksum behaviour follows the SDK
 * defaults, which `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED` relaxes for S3-compatible
 * servers that reject the newer checksum headers.
 */
export function createS3Client(s3: S3Config, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region: s3.region,
    ...(s3.endpoint === undefined ? { followRegionRedirects: true } : { endpoint: s3.endpoint }),
    forcePathStyle: s3.forcePathStyle,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
    ...overrides,
  });
}
